package org.personacollab.generation.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * generation-service settings ({@code persona.generation.*}).
 *
 * @param researchDir a folder of research data to generate from; when unset, the sample data
 *     bundled with the service (the repository's {@code examples/}) is used
 * @param chunkDelay pause between streamed chunks of the offline generator, for a realistic pace
 * @param maxDuration the longest a generation may run; also the lifetime of the session's
 *     generation lock, so a crashed run cannot block the session for longer
 * @param maxFiles the most research files one generation request may bring (an upload's parts, or
 *     a dataset's files), at least 1
 * @param maxTotalSize the most bytes those files may hold together
 * @param maxFileSize the most bytes one of them may hold; at most {@code maxTotalSize}
 * @param stateTtl how long a session's current generation (status and chunks, in Redis) is kept
 *     after its last change: late joiners and gap refills read it; at least {@code maxDuration}
 */
@Validated
@ConfigurationProperties("persona.generation")
public record GenerationProperties(
    @Nullable Path researchDir,
    @NotNull @DefaultValue("30ms") Duration chunkDelay,
    @NotNull @DefaultValue("5m") Duration maxDuration,
    @Min(1) @DefaultValue("200") int maxFiles,
    @NotNull @DefaultValue("20MB") DataSize maxTotalSize,
    @NotNull @DefaultValue("5MB") DataSize maxFileSize,
    @NotNull @DefaultValue("1h") Duration stateTtl) {

  public GenerationProperties {
    if (maxDuration != null && stateTtl != null && stateTtl.compareTo(maxDuration) < 0) {
      throw new IllegalArgumentException(
          "persona.generation.state-ttl (" + stateTtl + ") must be at least persona.generation.max-duration (" + maxDuration + ")");
    }
  }

  /** Bean Validation: {@code max-file-size} fits within {@code max-total-size} and one array. */
  @AssertTrue(message = "max-file-size must be at least 1 byte, at most max-total-size and below 2 GB")
  public boolean isFileSizeWithinTotal() {
    long file = maxFileSize.toBytes();
    return file >= 1 && file <= maxTotalSize.toBytes() && file <= Integer.MAX_VALUE - 8;
  }

  /** The limits as the research loader takes them. */
  public ResearchLimits researchLimits() {
    return new ResearchLimits(maxFiles, maxTotalSize.toBytes(), maxFileSize.toBytes());
  }
}
