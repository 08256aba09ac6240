package org.personacollab.generation.provider;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One provider's runtime settings, resolved from configuration (defaults filled in).
 *
 * @param kind which provider
 * @param baseUrl where its API is; null for the offline generator, and for the hosted APIs the
 *     kind's default
 * @param apiKey the key, or null/blank when there is none (an OpenAI-compatible server without
 *     auth; then no Authorization header is sent)
 * @param model the model asked for unless a request names another
 * @param maxTokens the answer's token limit (Anthropic requires one; others pass it on)
 * @param temperature sampling temperature, or null for the provider's default
 * @param resilience the guard around it
 */
public record ProviderSettings(
    ProviderKind kind,
    @Nullable String baseUrl,
    @Nullable String apiKey,
    String model,
    int maxTokens,
    @Nullable Double temperature,
    ResilienceSettings resilience) {

  public ProviderSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(resilience, "resilience");
    if (model.isBlank()) throw new IllegalArgumentException("model of " + kind.id() + " must not be blank");
    if (maxTokens < 1) throw new IllegalArgumentException("max-tokens of " + kind.id() + " must be >= 1: " + maxTokens);
    if (baseUrl != null && !baseUrl.matches("https?://\\S+")) {
      throw new IllegalArgumentException("base-url of " + kind.id() + " must be an http(s) URL: " + baseUrl);
    }
  }

  /** The kind's defaults: no key, its default URL and model. */
  public static ProviderSettings defaults(ProviderKind kind) {
    return new ProviderSettings(kind, kind.defaultBaseUrl(), null, kind.defaultModel(), 4096, null, ResilienceSettings.defaults());
  }

  public boolean configured() {
    return kind.isConfigured(baseUrl, apiKey);
  }

  /** The base URL without a trailing slash, or null. */
  public @Nullable String base() {
    return baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
  }

  public ProviderSettings withBaseUrl(@Nullable String url) {
    return new ProviderSettings(kind, url, apiKey, model, maxTokens, temperature, resilience);
  }

  public ProviderSettings withApiKey(@Nullable String key) {
    return new ProviderSettings(kind, baseUrl, key, model, maxTokens, temperature, resilience);
  }

  public ProviderSettings withResilience(ResilienceSettings r) {
    return new ProviderSettings(kind, baseUrl, apiKey, model, maxTokens, temperature, r);
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ProviderSettings[" + kind.id() + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "***")
        + ", model=" + model + "]";
  }
}
