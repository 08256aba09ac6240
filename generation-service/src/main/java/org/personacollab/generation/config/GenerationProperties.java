package org.personacollab.generation.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * generation-service settings ({@code persona.generation.*}).
 *
 * @param researchDir a folder of research data to generate from; when unset, the sample data
 *     bundled with the service (the repository's {@code examples/}) is used
 * @param chunkDelay pause between streamed chunks of the offline generator, for a realistic pace
 * @param maxDuration the longest a generation may run; also the lifetime of the session's
 *     generation lock, so a crashed run cannot block the session for longer
 * @param stateTtl how long a session's current generation (status and chunks, in Redis) is kept
 *     after its last change: late joiners and gap refills read it; at least {@code maxDuration}
 */
@Validated
@ConfigurationProperties("persona.generation")
public record GenerationProperties(
    @Nullable Path researchDir,
    @NotNull @DefaultValue("30ms") Duration chunkDelay,
    @NotNull @DefaultValue("5m") Duration maxDuration,
    @NotNull @DefaultValue("1h") Duration stateTtl) {
  public GenerationProperties {
    if (maxDuration != null && stateTtl != null && stateTtl.compareTo(maxDuration) < 0) {
      throw new IllegalArgumentException(
          "persona.generation.state-ttl (" + stateTtl + ") must be at least persona.generation.max-duration (" + maxDuration + ")");
    }
  }
}
