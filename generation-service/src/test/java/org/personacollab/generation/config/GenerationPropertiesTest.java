package org.personacollab.generation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.research.ResearchLimits;
import org.springframework.util.unit.DataSize;

/** {@code persona.generation.max-*}: validated, then mapped onto the loader's limits. */
class GenerationPropertiesTest {
  private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
  private static final Validator VALIDATOR = FACTORY.getValidator();

  @AfterAll
  static void close() {
    FACTORY.close();
  }

  private static GenerationProperties limits(int files, String total, String perFile) {
    return new GenerationProperties(
        null, Duration.ofMillis(30), Duration.ofMinutes(5), files, DataSize.parse(total), DataSize.parse(perFile), Duration.ofHours(1));
  }

  private static List<String> violations(GenerationProperties properties) {
    return VALIDATOR.validate(properties).stream()
        .map((ConstraintViolation<GenerationProperties> v) -> v.getPropertyPath() + ": " + v.getMessage())
        .sorted()
        .toList();
  }

  @Test
  void defaults_valid_andMappedOntoTheLoaderDefaults() {
    GenerationProperties defaults = limits(200, "20MB", "5MB");

    assertThat(violations(defaults)).isEmpty();
    assertThat(defaults.researchLimits()).isEqualTo(ResearchLimits.defaults());
  }

  @Test
  void limits_mappedInBytes() {
    assertThat(limits(3, "2000B", "800B").researchLimits()).isEqualTo(new ResearchLimits(3, 2000, 800));
  }

  @Test
  void invalidLimits_refusedNamingTheSetting() {
    // | max-files | max-total-size | max-file-size | refused because              |
    assertThat(violations(limits(0, "20MB", "5MB"))).containsExactly("maxFiles: must be greater than or equal to 1");
    assertThat(violations(limits(200, "1MB", "2MB"))).singleElement().asString()
        .startsWith("fileSizeWithinTotal: max-file-size must be at least 1 byte, at most max-total-size");
    assertThat(violations(limits(200, "20MB", "0B"))).singleElement().asString().startsWith("fileSizeWithinTotal");
    assertThat(violations(limits(200, "8GB", "3GB"))).singleElement().asString().startsWith("fileSizeWithinTotal");
  }

  @Test
  void stateTtl_shorterThanMaxDuration_refusedNamingBothKeys() {
    // The generation state must outlive the longest generation, or a late joiner could find nothing.
    assertThatThrownBy(() -> new GenerationProperties(
            null, Duration.ofMillis(30), Duration.ofMinutes(5), 200, DataSize.parse("20MB"), DataSize.parse("5MB"), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persona.generation.state-ttl")
        .hasMessageContaining("persona.generation.max-duration");
  }

  @Test
  void stateTtl_atLeastMaxDuration_accepted() {
    var properties = new GenerationProperties(
        null, Duration.ofMillis(30), Duration.ofMinutes(5), 200, DataSize.parse("20MB"), DataSize.parse("5MB"), Duration.ofMinutes(5));
    assertThat(properties.stateTtl()).isEqualTo(Duration.ofMinutes(5));
  }
}
