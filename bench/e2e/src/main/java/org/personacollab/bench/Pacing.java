package org.personacollab.bench;

import java.util.concurrent.TimeUnit;

/** The fixed-schedule load generators' wait: until a moment on the {@link System#nanoTime()} clock. */
final class Pacing {
  private Pacing() {}

  /**
   * Sleeps until {@code dueNanos} in slices of at most 1 ms, so a schedule of thousands of events
   * per second stays on time; returns at once when the moment has passed.
   */
  static void sleepUntil(long dueNanos) throws InterruptedException {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000));
  }
}
