package org.personacollab.platform.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Infrastructure settings of a deployment ({@code persona:}): the broker, topic and key prefixes
 * (so two deployments, or two tests, can share a broker and a Redis without seeing each other),
 * and the URLs of the other services.
 */
@Validated
@ConfigurationProperties("persona")
public record PersonaProperties(
    @Valid @NotNull @DefaultValue Kafka kafka,
    @Valid @NotNull @DefaultValue Redis redis,
    @Valid @NotNull @DefaultValue Services services) {

  /** Kafka connection and topics. */
  public record Kafka(
      @NotBlank @DefaultValue("localhost:9092") String bootstrapServers,
      @Pattern(regexp = "[A-Za-z0-9._-]*") @DefaultValue("persona.") String topicPrefix,
      @Min(1) @Max(10_000) @DefaultValue("12") int partitions,
      @Min(1) @Max(32) @DefaultValue("1") short replicationFactor,
      /** Create missing topics at start-up (off where an operator declares them, e.g. Strimzi). */
      @DefaultValue("true") boolean createTopics,
      @NotNull @DefaultValue("5s") Duration requestTimeout,
      /**
       * How long a consumer's fetch may wait for data. A read_committed fetch is not answered
       * early when a transaction commits, so this bounds each hop's latency: keep it small.
       */
      @NotNull @DefaultValue("5ms") Duration fetchMaxWait) {}

  /** Redis key naming. */
  public record Redis(@NotNull @DefaultValue("persona:") String keyPrefix) {}

  /** Base URLs of the services this one calls. */
  public record Services(
      @NotNull @DefaultValue("http://localhost:8081") URI sessionUrl,
      @NotNull @DefaultValue("http://localhost:8083") URI generationUrl,
      @NotNull @DefaultValue("http://localhost:8082") URI syncUrl,
      @NotNull @DefaultValue("5s") Duration timeout) {}
}
