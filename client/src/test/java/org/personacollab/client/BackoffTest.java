package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(7));

  @Test
  void delay_liesBetweenHalfAndAllOfMinTimesTwoToTheAttempt_cappedAtMax() {
    long[][] bounds = {{0, 50, 100}, {1, 100, 200}, {2, 200, 400}, {5, 1600, 3200}, {6, 2500, 5000}, {30, 2500, 5000}, {1000, 2500, 5000}};
    for (long[] row : bounds) {
      for (int i = 0; i < 200; i++) {
        long ms = backoff.delay((int) row[0]).toMillis();
        assertThat(ms).as("attempt " + row[0]).isBetween(row[1], row[2]);
      }
    }
  }

  @Test
  void delay_isJittered() {
    assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(3)).distinct().count()).isGreaterThan(10);
  }

  @Test
  void construction_rejectsNonPositiveMinimumAndMaximumBelowMinimum() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
        .hasMessageContaining("below the minimum");
  }
}
