package org.personacollab.generation.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * The Resilience4j guard of one provider (see {@link ResilientPersonaModel}).
 *
 * @param firstTokenTimeout how long to wait for the first text delta, and at most between two
 *     deltas (Resilience4j's time limiter on a Flux times every element)
 * @param overallTimeout how long the whole stream may take
 * @param maxAttempts calls per generation including the first; a call is repeated only when it
 *     failed before its first token arrived
 * @param retryWait pause before a repeated call
 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
 * @param slidingWindowSize calls in the circuit breaker's window
 * @param minimumCalls calls the window needs before the rate counts
 * @param openStateWait how long an open circuit refuses calls before it lets a trial through
 * @param maxConcurrent generations streaming from this provider at once (bulkhead); one more
 *     fails at once with {@code busy} (a reactive bulkhead does not wait for a permit)
 */
public record ResilienceSettings(
    Duration firstTokenTimeout,
    Duration overallTimeout,
    int maxAttempts,
    Duration retryWait,
    float failureRateThreshold,
    int slidingWindowSize,
    int minimumCalls,
    Duration openStateWait,
    int maxConcurrent) {

  public ResilienceSettings {
    requirePositive(firstTokenTimeout, "first-token-timeout");
    requirePositive(overallTimeout, "overall-timeout");
    requirePositive(openStateWait, "open-state-wait");
    Objects.requireNonNull(retryWait, "retry-wait");
    if (retryWait.isNegative()) throw new IllegalArgumentException("retry-wait must not be negative: " + retryWait);
    if (maxAttempts < 1) throw new IllegalArgumentException("max-attempts must be >= 1: " + maxAttempts);
    if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("failure-rate-threshold must be in (0, 100]: " + failureRateThreshold);
    }
    if (slidingWindowSize < 1) throw new IllegalArgumentException("sliding-window-size must be >= 1: " + slidingWindowSize);
    if (minimumCalls < 1) throw new IllegalArgumentException("minimum-calls must be >= 1: " + minimumCalls);
    if (maxConcurrent < 1) throw new IllegalArgumentException("max-concurrent must be >= 1: " + maxConcurrent);
  }

  /** 30 s to the first token, 5 min overall, 3 attempts 1 s apart, 50 % of 10 calls, 30 s open, 4 at once. */
  public static ResilienceSettings defaults() {
    return new ResilienceSettings(
        Duration.ofSeconds(30), Duration.ofMinutes(5), 3, Duration.ofSeconds(1), 50, 10, 5,
        Duration.ofSeconds(30), 4);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive: " + d);
  }
}
