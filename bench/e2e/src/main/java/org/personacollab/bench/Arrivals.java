package org.personacollab.bench;

import java.util.Random;

/** How the aggregate op rate is spread over time and over the participants. */
enum Arrivals {
  /**
   * A Poisson process at the aggregate rate (exponential gaps), each arrival at a participant
   * drawn uniformly: every participant is then a Poisson process at rate / N as well.
   */
  POISSON,
  /** Evenly spaced at the aggregate rate, participants in a fixed shuffled round robin. */
  UNIFORM;

  /** The gap before the next arrival, for a mean gap of {@code meanGapNanos}. */
  long gapNanos(Random random, double meanGapNanos) {
    return switch (this) {
      case POISSON -> Math.max(1L, (long) (-Math.log(1.0 - random.nextDouble()) * meanGapNanos));
      case UNIFORM -> Math.max(1L, Math.round(meanGapNanos));
    };
  }
}
