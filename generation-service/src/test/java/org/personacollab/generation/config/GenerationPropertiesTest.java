package org.personacollab.generation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The generation state must outlive the longest generation, or a late joiner could find nothing. */
class GenerationPropertiesTest {
  @Test
  void stateTtl_shorterThanMaxDuration_refusedNamingBothKeys() {
    assertThatThrownBy(() -> new GenerationProperties(null, Duration.ofMillis(30), Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persona.generation.state-ttl")
        .hasMessageContaining("persona.generation.max-duration");
  }

  @Test
  void stateTtl_atLeastMaxDuration_accepted() {
    var properties = new GenerationProperties(null, Duration.ofMillis(30), Duration.ofMinutes(5), Duration.ofMinutes(5));
    assertThat(properties.stateTtl()).isEqualTo(Duration.ofMinutes(5));
  }
}
