package org.personacollab.generation.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.provider.DetailLevel;
import org.personacollab.generation.provider.ProviderKind;
import org.personacollab.generation.provider.ProviderSettings;
import org.personacollab.generation.provider.ResilienceSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * generation-service settings ({@code persona.generation.*}), validated: a bad value stops
 * start-up with a message naming the key (e.g. {@code persona.generation.providers[opanai]: must
 * match "offline|openai|…"}).
 *
 * @param researchDir a folder of research data to generate from; when unset, the sample data
 *     bundled with the service (the repository's {@code examples/}) is used
 * @param chunkDelay pause between streamed pieces of the offline generator, for a realistic pace
 * @param maxDuration the longest a generation may run
 * @param lease the TTL of the session's generation lock, renewed every third of it while the run
 *     is alive; when the instance running a generation dies, the generation is failed
 *     ({@code generation_failed}) and the session free again within about {@code lease * 4/3}
 * @param maxFiles the most research files one generation request may bring (an upload's parts, or
 *     a dataset's files), at least 1
 * @param maxTotalSize the most bytes those files may hold together
 * @param maxFileSize the most bytes one of them may hold; at most {@code maxTotalSize}
 * @param stateTtl how long a session's current generation (status and chunks, in Redis) is kept
 *     after its last change: late joiners and gap refills read it; at least {@code maxDuration}
 * @param defaultProvider the provider of requests that name none; it must be configured
 * @param detail the level of detail the prompt asks for
 * @param maxPromptChars the longest prompt sent to a model; more research fails the generation
 *     ({@code prompt_too_large}) instead of being cut
 * @param probeTimeout how long {@code GET /api/generation/providers} waits for each provider
 * @param resilience the Resilience4j defaults of every provider
 * @param providers per provider ({@code offline}, {@code openai}, {@code openai-compatible},
 *     {@code anthropic}, {@code ollama}, {@code gemini}): URL, key, model and overrides
 */
@Validated
@ConfigurationProperties("persona.generation")
public record GenerationProperties(
    @Nullable Path researchDir,
    @NotNull @DefaultValue("30ms") Duration chunkDelay,
    @NotNull @DefaultValue("5m") Duration maxDuration,
    @NotNull @DurationMin(millis = 300) @DefaultValue("15s") Duration lease,
    @Min(1) @DefaultValue("200") int maxFiles,
    @NotNull @DefaultValue("20MB") DataSize maxTotalSize,
    @NotNull @DefaultValue("5MB") DataSize maxFileSize,
    @NotNull @DefaultValue("1h") Duration stateTtl,
    @NotNull @DefaultValue("offline") @Pattern(regexp = PROVIDER_NAMES, message = "must be one of " + PROVIDER_NAMES)
        String defaultProvider,
    @NotNull @DefaultValue("standard") DetailLevel detail,
    @Min(1_000) @Max(10_000_000) @DefaultValue("200000") int maxPromptChars,
    @NotNull @DurationMin(millis = 1) @DefaultValue("3s") Duration probeTimeout,
    @Valid @NotNull @DefaultValue Resilience resilience,
    @Nullable Map<@Pattern(regexp = PROVIDER_NAMES, message = "must be one of " + PROVIDER_NAMES) String, @Valid Provider>
        providers) {

  static final String PROVIDER_NAMES = "offline|openai|openai-compatible|anthropic|ollama|gemini";

  public GenerationProperties {
    providers = providers == null ? Map.of() : Map.copyOf(providers);
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

  /** Resilience4j settings; see {@link ResilienceSettings} for what each does. */
  public record Resilience(
      @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration firstTokenTimeout,
      @NotNull @DurationMin(millis = 1) @DefaultValue("5m") Duration overallTimeout,
      @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
      @NotNull @DurationMin(millis = 0) @DefaultValue("1s") Duration retryWait,
      @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
      @Min(1) @Max(1000) @DefaultValue("10") int slidingWindowSize,
      @Min(1) @Max(1000) @DefaultValue("5") int minimumCalls,
      @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration openStateWait,
      @Min(1) @Max(1000) @DefaultValue("4") int maxConcurrent) {

    ResilienceSettings settings() {
      return new ResilienceSettings(
          firstTokenTimeout, overallTimeout, maxAttempts, retryWait, failureRateThreshold, slidingWindowSize, minimumCalls,
          openStateWait, maxConcurrent);
    }
  }

  /** One provider's overrides of the {@link Resilience} defaults; unset fields keep them. */
  public record ResilienceOverrides(
      @Nullable @DurationMin(millis = 1) Duration firstTokenTimeout,
      @Nullable @DurationMin(millis = 1) Duration overallTimeout,
      @Nullable @Min(1) @Max(10) Integer maxAttempts,
      @Nullable @DurationMin(millis = 0) Duration retryWait,
      @Nullable @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") Float failureRateThreshold,
      @Nullable @Min(1) @Max(1000) Integer slidingWindowSize,
      @Nullable @Min(1) @Max(1000) Integer minimumCalls,
      @Nullable @DurationMin(millis = 1) Duration openStateWait,
      @Nullable @Min(1) @Max(1000) Integer maxConcurrent) {

    ResilienceSettings over(ResilienceSettings d) {
      return new ResilienceSettings(
          firstTokenTimeout != null ? firstTokenTimeout : d.firstTokenTimeout(),
          overallTimeout != null ? overallTimeout : d.overallTimeout(),
          maxAttempts != null ? maxAttempts : d.maxAttempts(),
          retryWait != null ? retryWait : d.retryWait(),
          failureRateThreshold != null ? failureRateThreshold : d.failureRateThreshold(),
          slidingWindowSize != null ? slidingWindowSize : d.slidingWindowSize(),
          minimumCalls != null ? minimumCalls : d.minimumCalls(),
          openStateWait != null ? openStateWait : d.openStateWait(),
          maxConcurrent != null ? maxConcurrent : d.maxConcurrent());
    }
  }

  /**
   * One provider. A blank value counts as unset (so {@code ${OPENAI_API_KEY:}} in YAML works).
   *
   * @param baseUrl its API, e.g. {@code http://localhost:8000/v1} for a vLLM server; defaults per
   *     provider
   * @param apiKey its key; the hosted providers count as configured when they have one
   * @param model the model to use unless a request names another
   * @param maxTokens the answer's token limit
   * @param temperature sampling temperature (0–2), or the provider's default
   */
  public record Provider(
      @Nullable @Pattern(regexp = "(https?://\\S+)?", message = "must be an http(s) URL") String baseUrl,
      @Nullable String apiKey,
      @Nullable String model,
      @Nullable @Min(1) @Max(1_000_000) Integer maxTokens,
      @Nullable @DecimalMin("0") @DecimalMax("2") Double temperature,
      @Valid @Nullable ResilienceOverrides resilience) {}

  /** Every known provider's runtime settings: configuration over the provider's defaults. */
  public List<ProviderSettings> providerSettings() {
    ResilienceSettings defaults = resilience.settings();
    List<ProviderSettings> all = new ArrayList<>();
    for (ProviderKind kind : ProviderKind.values()) {
      ProviderSettings base = ProviderSettings.defaults(kind).withResilience(defaults);
      Provider p = providers.get(kind.id());
      if (p == null) {
        all.add(base);
        continue;
      }
      all.add(
          new ProviderSettings(
              kind,
              blank(p.baseUrl()) ? base.baseUrl() : p.baseUrl(),
              blank(p.apiKey()) ? null : p.apiKey(),
              blank(p.model()) ? base.model() : p.model(),
              p.maxTokens() != null ? p.maxTokens() : base.maxTokens(),
              p.temperature(),
              p.resilience() == null ? defaults : p.resilience().over(defaults)));
    }
    return all;
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
