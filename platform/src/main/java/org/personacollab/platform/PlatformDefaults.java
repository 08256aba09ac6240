package org.personacollab.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code persona-platform-defaults.yaml} as the lowest-precedence property source of every
 * service: actuator exposure, probes, the readiness group (Kafka and Redis) and the log pattern
 * with the session id. Any service or user setting overrides it.
 *
 * <p>It also honours OpenTelemetry's standard variables for where spans go, which Boot 4.0 does
 * not read: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (used as is) or
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (plus {@code /v1/traces}) set
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} unless that is set itself.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {
  static final String RESOURCE = "persona-platform-defaults.yaml";
  static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    try {
      for (var source : new YamlPropertySourceLoader().load("personaPlatformDefaults", new ClassPathResource(RESOURCE))) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    String endpoint = otlpTracesEndpoint(environment);
    if (endpoint != null && !environment.containsProperty(OTLP_ENDPOINT)) {
      environment.getPropertySources().addLast(new MapPropertySource("personaOtelEnvironment", Map.of(OTLP_ENDPOINT, endpoint)));
    }
  }

  /** The OTLP/HTTP traces URL the standard OpenTelemetry variables name, or null. */
  static @Nullable String otlpTracesEndpoint(ConfigurableEnvironment environment) {
    String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (traces != null && !traces.isBlank()) return traces.trim();
    String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (base == null || base.isBlank()) return null;
    base = base.trim();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
  }
}
