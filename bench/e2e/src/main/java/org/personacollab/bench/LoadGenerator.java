package org.personacollab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The one thread that makes every change: an open-loop schedule (arrivals never wait for
 * acknowledgements), so a slow system cannot slow the offered rate down.
 *
 * <p>Each arrival has an intended time on the schedule; the change is submitted when the thread
 * gets there, and its latency is measured from that actual submit. How late the thread was
 * (actual − intended) goes into {@link #lag()}, so a starved generator shows up instead of
 * quietly lowering the load (the usual coordinated-omission trap). Whether a change is measured
 * is decided by its intended time: those before {@code measureFrom} are warm-up.
 */
final class LoadGenerator {
  private final List<Participant> participants;
  private final double meanGapNanos;
  private final Arrivals arrivals;
  private final Random random;
  private final Histogram lag = SessionTracker.histogram();
  private volatile boolean stopped;
  private volatile @Nullable Throwable failure;
  private long issued;
  private long measuredIssued;
  private long cpuNanos = -1;
  private @Nullable Thread thread;

  LoadGenerator(List<Participant> participants, double ratePerSecond, Arrivals arrivals, long seed) {
    if (participants.isEmpty()) throw new IllegalArgumentException("no participants");
    if (!(ratePerSecond > 0)) throw new IllegalArgumentException("the rate must be positive, was " + ratePerSecond);
    List<Participant> order = new ArrayList<>(participants);
    Collections.shuffle(order, new Random(seed));
    this.participants = List.copyOf(order);
    this.meanGapNanos = 1e9 / ratePerSecond;
    this.arrivals = arrivals;
    this.random = new Random(seed ^ 0x5DEECE66DL);
  }

  /** Starts the thread: arrivals from {@code startNanos} until {@code endNanos} (System.nanoTime). */
  void start(long startNanos, long measureFrom, long endNanos) {
    Thread t = new Thread(() -> loop(startNanos, measureFrom, endNanos), "bench-generator");
    t.setDaemon(true);
    t.setPriority(Thread.MAX_PRIORITY);
    thread = t;
    t.start();
  }

  private void loop(long start, long measureFrom, long end) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    long intended = start;
    int next = 0;
    int n = participants.size();
    try {
      while (!stopped && intended < end) {
        long now = System.nanoTime();
        while (now < intended) {
          LockSupport.parkNanos(intended - now);
          now = System.nanoTime();
        }
        boolean measured = intended >= measureFrom;
        Participant p = arrivals == Arrivals.POISSON ? participants.get(random.nextInt(n)) : participants.get(next++ % n);
        p.act(now, measured);
        issued++;
        if (measured) {
          measuredIssued++;
          lag.recordValue((now - intended) / 1000);
        }
        intended += arrivals.gapNanos(random, meanGapNanos);
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      if (cpu0 >= 0) cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
    }
  }

  void stop() {
    stopped = true;
  }

  /** Waits for the thread to finish; rethrows what stopped it early. */
  void join() throws InterruptedException {
    Thread t = thread;
    if (t != null) t.join();
    Throwable f = failure;
    if (f != null) throw new IllegalStateException("the generator failed: " + f, f);
  }

  /** Schedule lag of measured arrivals, µs (valid after {@link #join}). */
  Histogram lag() {
    return lag;
  }

  long issued() {
    return issued;
  }

  long measuredIssued() {
    return measuredIssued;
  }

  /** CPU time of the generator thread itself (building and submitting changes), or -1. */
  long cpuNanos() {
    return cpuNanos;
  }
}
