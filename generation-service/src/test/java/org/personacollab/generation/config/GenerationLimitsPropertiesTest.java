package org.personacollab.generation.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.research.ResearchLimits;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code persona.generation.max-*} and {@code state-ttl}, bound as the service binds them: validated
 * (a bad value stops start-up naming the setting), then mapped onto the research loader's limits.
 */
class GenerationLimitsPropertiesTest {
  @Configuration
  @EnableConfigurationProperties(GenerationProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Config.class);

  @Test
  void defaults_valid_andMappedOntoTheLoaderDefaults() {
    runner.run(ctx -> {
      GenerationProperties p = ctx.getBean(GenerationProperties.class);
      assertThat(p.researchLimits()).isEqualTo(ResearchLimits.defaults());
      assertThat(p.stateTtl()).isEqualTo(Duration.ofHours(1));
    });
  }

  @Test
  void limits_mappedInBytes() {
    runner
        .withPropertyValues("persona.generation.max-files=3", "persona.generation.max-total-size=2000B", "persona.generation.max-file-size=800B")
        .run(ctx -> assertThat(ctx.getBean(GenerationProperties.class).researchLimits()).isEqualTo(new ResearchLimits(3, 2000, 800)));
  }

  @Test
  void invalidLimits_refusedNamingTheSetting() {
    // | setting                                   | refused because                         |
    failsNaming("maxFiles", "persona.generation.max-files=0");
    failsNaming("max-file-size", "persona.generation.max-total-size=1MB", "persona.generation.max-file-size=2MB");
    failsNaming("max-file-size", "persona.generation.max-file-size=0B");
    failsNaming("max-file-size", "persona.generation.max-total-size=8GB", "persona.generation.max-file-size=3GB");
  }

  @Test
  void stateTtl_shorterThanMaxDuration_refusedNamingBothKeys() {
    // The generation state must outlive the longest generation, or a late joiner could find nothing.
    runner
        .withPropertyValues("persona.generation.max-duration=5m", "persona.generation.state-ttl=1m")
        .run(ctx -> assertThat(ctx.getStartupFailure()).hasRootCauseMessage(
            "persona.generation.state-ttl (PT1M) must be at least persona.generation.max-duration (PT5M)"));
  }

  @Test
  void stateTtl_atLeastMaxDuration_accepted() {
    runner
        .withPropertyValues("persona.generation.max-duration=5m", "persona.generation.state-ttl=5m")
        .run(ctx -> assertThat(ctx.getBean(GenerationProperties.class).stateTtl()).isEqualTo(Duration.ofMinutes(5)));
  }

  private void failsNaming(String name, String... properties) {
    runner.withPropertyValues(properties).run(ctx -> {
      assertThat(ctx.getStartupFailure()).as("%s", String.join(", ", properties)).isNotNull();
      Throwable t = ctx.getStartupFailure();
      StringBuilder messages = new StringBuilder();
      for (; t != null; t = t.getCause()) messages.append(t.getMessage()).append('\n');
      assertThat(messages.toString()).contains(name);
    });
  }
}
