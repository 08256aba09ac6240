package org.personacollab.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code persona-platform-defaults.yaml} as the lowest-precedence property source of every
 * service: actuator exposure, probes, the readiness group (Kafka and Redis) and the log pattern
 * with the session id. Any service or user setting overrides it.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {
  static final String RESOURCE = "persona-platform-defaults.yaml";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    try {
      for (var source : new YamlPropertySourceLoader().load("personaPlatformDefaults", new ClassPathResource(RESOURCE))) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }
}
