package org.personacollab.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The platform defaults, and OpenTelemetry's standard variables for where spans go. */
class PlatformDefaultsTest {
  private static StandardEnvironment environment(Map<String, Object> values) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", values));
    new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }

  @Test
  void noOtlpVariable_noEndpoint_soNoSpanLeavesTheProcess() {
    StandardEnvironment environment = environment(Map.of());
    assertThat(environment.getProperty(PlatformDefaults.OTLP_ENDPOINT)).isNull();
    assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
    assertThat(environment.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
  }

  @Test
  void otelExporterOtlpEndpoint_becomesTheTracesUrl() {
    assertThat(environment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")).getProperty(PlatformDefaults.OTLP_ENDPOINT))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(environment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "http://traces:4318/custom")).getProperty(PlatformDefaults.OTLP_ENDPOINT))
        .isEqualTo("http://traces:4318/custom");
  }

  @Test
  void springPropertyWins_overTheOtelVariables() {
    assertThat(environment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", PlatformDefaults.OTLP_ENDPOINT,
        "http://mine:4318/v1/traces")).getProperty(PlatformDefaults.OTLP_ENDPOINT))
        .isEqualTo("http://mine:4318/v1/traces");
  }
}
