package org.personacollab.cli.up;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the children of one {@code persona up} together: remembers them in start order, watches
 * that they stay alive, and stops them in reverse order.
 *
 * <p>Stop requests come from signal handlers (another thread). The first one stops the children
 * on a thread of its own; the starting thread is never interrupted (an interrupt can land in the
 * middle of a class initialisation, e.g. Log4j's, and break it for good). A start-up in progress
 * notices instead: the process it waits for dies, {@code awaitReady} fails, and a child started
 * after the request is stopped by {@link #add} at once. A second request kills whatever is left,
 * for a user who does not want to wait for the grace periods.
 */
final class Supervisor {

  private final List<ManagedProcess> children = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicInteger stopRequests = new AtomicInteger();
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration grace;
  private volatile boolean stopping;

  Supervisor(PrintWriter out, PrintWriter err, Duration grace) {
    this.out = out;
    this.err = err;
    this.grace = grace;
  }

  /**
   * Remembers {@code child} so that it is watched and stopped; returns it.
   *
   * @throws IllegalStateException after a stop request, once {@code child} has been stopped too
   */
  synchronized <T extends ManagedProcess> T add(T child) {
    if (stopping) {
      child.stop(grace);
      throw new IllegalStateException("start-up cancelled");
    }
    children.add(child);
    return child;
  }

  /**
   * Called from a signal handler; returns at once. The first call starts a clean {@link #stopAll}
   * on a new thread, later ones kill what is left.
   */
  void requestStop() {
    if (stopRequests.incrementAndGet() > 1) {
      err.println("persona: stopping at once");
      err.flush();
      killAll();
      return;
    }
    stopping = true;
    stopRequested.countDown();
    Thread stopper = new Thread(this::stopAll, "persona-stop");
    stopper.start();
  }

  boolean isStopRequested() {
    return stopRequested.getCount() == 0;
  }

  /**
   * Blocks until a stop is requested (returns 0) or a child exits on its own (reports it with the
   * last lines of its log on stderr and returns 1); either way everything is stopped on return.
   */
  int superviseUntilStopped() {
    while (true) {
      try {
        if (stopRequested.await(500, TimeUnit.MILLISECONDS)) {
          stopAll(); // waits for the stopping thread to finish
          return 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopAll();
        return 0;
      }
      for (ManagedProcess child : children) {
        if (!child.isAlive()) {
          if (stopping || isStopRequested()) {
            stopAll();
            return 0;
          }
          reportUnexpectedExit(child);
          stopAll();
          return 1;
        }
      }
    }
  }

  private void reportUnexpectedExit(ManagedProcess child) {
    String tail = child.logTail(Child.TAIL_LINES);
    err.println(
        "persona: %s %s unexpectedly; stopping the rest. Last lines of %s:"
            .formatted(child.name(), child.describeExit(), child.logFile()));
    tail.lines().forEach(line -> err.println("    " + line));
    err.flush();
  }

  /**
   * Stops every child in reverse start order (SIGTERM, SIGKILL after the grace period). Safe to
   * call more than once, from several threads and from a shutdown hook: a second caller waits
   * until the first is done.
   */
  synchronized void stopAll() {
    stopping = true;
    List<ManagedProcess> reverse = new ArrayList<>(children);
    java.util.Collections.reverse(reverse);
    for (ManagedProcess child : reverse) {
      if (child.isAlive()) {
        out.printf("  %-19s stopping%n", child.name());
        out.flush();
      }
      child.stop(grace);
      children.remove(child);
    }
  }

  /** SIGKILL to every child still running, without waiting for locks (second Ctrl-C). */
  void killAll() {
    stopping = true;
    for (ManagedProcess child : children) {
      child.kill();
    }
  }
}
