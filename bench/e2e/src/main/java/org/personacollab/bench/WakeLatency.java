package org.personacollab.bench;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * How long this machine takes to wake a parked thread: the floor under every hand-off between
 * threads and processes in the measured paths (a Redis message, a socket write queued for another
 * event loop, a Kafka fetch answered). The main thread stays busy on one core while a second
 * thread parks; after a pause (the gap, so that the other core can go idle as it does between two
 * chunks of a generation), the main thread unparks it and the second thread records how long it
 * took to run. On a virtual machine whose idle cores are halted in the hypervisor this is
 * microseconds at the median and milliseconds in the tail; the tail grows with the gap.
 *
 * <pre>
 * java -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
 *   org.personacollab.bench.WakeLatency [wakes=2000] [gapMillis=1,5,20]
 * </pre>
 */
public final class WakeLatency {
  private static volatile long unparkedAt;
  private static volatile boolean signalled;

  private WakeLatency() {}

  public static void main(String[] args) throws Exception {
    int wakes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    String gaps = args.length > 1 ? args[1] : "1,5,20";
    for (String gap : gaps.split(",")) {
      Histogram h = measure(wakes, Long.parseLong(gap.strip()));
      System.out.printf("gap %s ms, %d wakes: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d µs%n", gap.strip(), h.getTotalCount(),
          h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
          h.getMaxValue());
    }
  }

  static Histogram measure(int wakes, long gapMillis) throws InterruptedException {
    Histogram histogram = new Histogram(3);
    Thread waiter = new Thread(() -> {
      for (int i = 0; i < wakes; i++) {
        while (!signalled) LockSupport.park();
        histogram.recordValue((System.nanoTime() - unparkedAt) / 1000);
        signalled = false;
      }
    }, "wake-latency-waiter");
    waiter.start();
    for (int i = 0; i < wakes; i++) {
      Thread.sleep(gapMillis);
      unparkedAt = System.nanoTime();
      signalled = true;
      LockSupport.unpark(waiter);
      while (signalled) Thread.onSpinWait(); // keep this core busy until the waiter ran
    }
    waiter.join();
    return histogram;
  }
}
