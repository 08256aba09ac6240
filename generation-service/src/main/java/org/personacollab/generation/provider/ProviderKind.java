package org.personacollab.generation.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The providers this service knows, by their configuration name ({@code
 * persona.generation.providers.<name>}). Each knows when it counts as configured and its defaults.
 */
public enum ProviderKind {
  /** The deterministic generator in {@code offline/}: no network, always configured. */
  OFFLINE("offline", null, "offline-extractive-v1"),
  /** api.openai.com; configured by an API key. */
  OPENAI("openai", "https://api.openai.com/v1", "gpt-4o-mini"),
  /**
   * Any server speaking OpenAI's chat completions API (vLLM, llama.cpp server, LM Studio,
   * Ollama's {@code /v1}); configured by a base URL, the key is optional.
   */
  OPENAI_COMPATIBLE("openai-compatible", null, "default"),
  /** api.anthropic.com; configured by an API key. */
  ANTHROPIC("anthropic", "https://api.anthropic.com", "claude-3-5-haiku-latest"),
  /** An Ollama server's native API ({@code /api/chat}); configured by a base URL (usually {@code http://localhost:11434}). */
  OLLAMA("ollama", null, "llama3.2"),
  /** Google's Gemini API (Spring AI google-genai); configured by an API key. */
  GEMINI("gemini", "https://generativelanguage.googleapis.com", "gemini-2.0-flash");

  private final String id;
  private final @Nullable String defaultBaseUrl;
  private final String defaultModel;

  ProviderKind(String id, @Nullable String defaultBaseUrl, String defaultModel) {
    this.id = id;
    this.defaultBaseUrl = defaultBaseUrl;
    this.defaultModel = defaultModel;
  }

  /** The name used in configuration, requests and metadata ({@code openai-compatible}). */
  public String id() {
    return id;
  }

  public @Nullable String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public String defaultModel() {
    return defaultModel;
  }

  /**
   * Whether these settings are enough to call the provider: a key for the hosted APIs, a base URL
   * for self-hosted servers; the offline generator always is.
   */
  public boolean isConfigured(@Nullable String baseUrl, @Nullable String apiKey) {
    return switch (this) {
      case OFFLINE -> true;
      case OPENAI, ANTHROPIC, GEMINI -> apiKey != null && !apiKey.isBlank();
      case OPENAI_COMPATIBLE, OLLAMA -> baseUrl != null && !baseUrl.isBlank();
    };
  }

  /** What to set to configure it, for messages. */
  public String howToConfigure() {
    String prefix = "persona.generation.providers." + id + ".";
    return switch (this) {
      case OFFLINE -> "nothing";
      case OPENAI -> prefix + "api-key (or OPENAI_API_KEY)";
      case ANTHROPIC -> prefix + "api-key (or ANTHROPIC_API_KEY)";
      case GEMINI -> prefix + "api-key (or GEMINI_API_KEY)";
      case OPENAI_COMPATIBLE -> prefix + "base-url (or OPENAI_COMPATIBLE_BASE_URL)";
      case OLLAMA -> prefix + "base-url (or OLLAMA_BASE_URL)";
    };
  }

  public static Optional<ProviderKind> byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(ProviderKind::id).toList();
  }
}
