package org.personacollab.bench;

/**
 * Converts {@link System#nanoTime()} readings to epoch milliseconds, to compare them with the
 * sequencer's {@code ts} (epoch ms, set by sync-service on the same machine). One base is taken
 * at class load, so conversions are consistent with each other; resolution is the server's 1 ms.
 */
final class WallClock {
  private static final long BASE_MILLIS = System.currentTimeMillis();
  private static final long BASE_NANOS = System.nanoTime();

  private WallClock() {}

  static long epochMillis(long nanoTime) {
    return BASE_MILLIS + Math.floorDiv(nanoTime - BASE_NANOS, 1_000_000L);
  }
}
