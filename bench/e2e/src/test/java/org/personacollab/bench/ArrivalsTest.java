package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
  @Test
  void poisson_meanGapIsOneOverTheRate_andGapsVary() {
    Random random = new Random(3);
    double mean = 1e9 / 1000; // 1,000 ops/s
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      long g = Arrivals.POISSON.gapNanos(random, mean);
      sum += g;
      min = Math.min(min, g);
      max = Math.max(max, g);
    }
    assertThat(sum / (double) n).isCloseTo(mean, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(min).isLessThan((long) (mean / 100));
    assertThat(max).isGreaterThan((long) (mean * 8));
  }

  @Test
  void uniform_gapIsConstant() {
    assertThat(Arrivals.UNIFORM.gapNanos(new Random(), 4e6)).isEqualTo(4_000_000L);
  }
}
