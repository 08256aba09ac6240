package org.personacollab.generation.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.generation.provider.DetailLevel;
import org.personacollab.generation.provider.ProviderSettings;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class GenerationPropertiesTest {
  @Configuration
  @EnableConfigurationProperties(GenerationProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Config.class);

  private static Map<String, ProviderSettings> byName(GenerationProperties p) {
    return p.providerSettings().stream().collect(Collectors.toMap(s -> s.kind().id(), Function.identity()));
  }

  @Test
  void bind_nothing_offlineDefaultAndNoProviderConfigured() {
    runner.run(
        ctx -> {
          var p = ctx.getBean(GenerationProperties.class);
          assertThat(p.defaultProvider()).isEqualTo("offline");
          assertThat(p.detail()).isEqualTo(DetailLevel.STANDARD);
          assertThat(p.providerSettings()).filteredOn(ProviderSettings::configured).extracting(s -> s.kind().id()).containsExactly("offline");
          assertThat(p.resilience().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
  }

  @Test
  void bind_providers_blankMeansUnset_andOverridesMergeOverDefaults() {
    runner
        .withPropertyValues(
            "persona.generation.default-provider=openai-compatible",
            "persona.generation.providers.openai.api-key=",
            "persona.generation.providers.openai-compatible.base-url=http://localhost:8000/v1",
            "persona.generation.providers.openai-compatible.model=qwen2.5",
            "persona.generation.providers.anthropic.api-key=sk-ant",
            "persona.generation.providers.anthropic.resilience.max-attempts=1",
            "persona.generation.resilience.first-token-timeout=10s")
        .run(
            ctx -> {
              var settings = byName(ctx.getBean(GenerationProperties.class));
              assertThat(settings.get("openai").configured()).isFalse();
              assertThat(settings.get("openai-compatible").configured()).isTrue();
              assertThat(settings.get("openai-compatible").model()).isEqualTo("qwen2.5");
              assertThat(settings.get("anthropic").baseUrl()).isEqualTo("https://api.anthropic.com");
              assertThat(settings.get("anthropic").resilience().maxAttempts()).isEqualTo(1);
              assertThat(settings.get("anthropic").resilience().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(10));
              assertThat(settings.get("ollama").configured()).as("no base URL, no Ollama").isFalse();
              assertThat(settings.get("anthropic").toString()).doesNotContain("sk-ant");
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "persona.generation.default-provider, opanai, defaultProvider",
    "persona.generation.providers.opanai.model, x, providers",
    "persona.generation.providers.openai-compatible.base-url, localhost:8000, baseUrl",
    "persona.generation.providers.openai.temperature, 3, temperature",
    "persona.generation.providers.openai.max-tokens, 0, maxTokens",
    "persona.generation.resilience.max-attempts, 0, maxAttempts",
    "persona.generation.resilience.first-token-timeout, 0s, firstTokenTimeout",
    "persona.generation.providers.ollama.resilience.max-concurrent, 0, maxConcurrent",
    "persona.generation.resilience.failure-rate-threshold, 0, failureRateThreshold",
    "persona.generation.detail, verbose, persona.generation.detail",
    "persona.generation.max-prompt-chars, 10, maxPromptChars",
  })
  void bind_invalidValue_failsNamingTheKey(String key, String value, String named) {
    runner
        .withPropertyValues(key + "=" + value)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              StringBuilder all = new StringBuilder();
              for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
              assertThat(all.toString()).contains(named);
            });
  }
}
