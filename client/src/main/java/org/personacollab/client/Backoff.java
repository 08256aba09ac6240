package org.personacollab.client;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": attempt {@code n} (from 0) waits a random time between
 * half and all of {@code min · 2^n}, capped at {@code max}. The random half spreads the reconnects
 * of many clients after a server restart; the fixed half keeps each client from retrying at once.
 * Used for reconnects and for retriable nacks that carry no {@code retryAfter}.
 */
final class Backoff {
  private final long minNanos;
  private final long maxNanos;
  private final Random random;

  Backoff(Duration min, Duration max, Random random) {
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("the minimum backoff must be positive, not " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("the maximum backoff " + max + " is below the minimum " + min);
    }
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The wait before attempt {@code attempt} (0 for the first retry). */
  Duration delay(int attempt) {
    int shift = Math.max(0, Math.min(attempt, 40));
    long ceiling = minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
    long half = ceiling / 2;
    return Duration.ofNanos(ceiling - half + (half == 0 ? 0 : (long) (random.nextDouble() * (half + 1))));
  }
}
