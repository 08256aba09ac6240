package org.personacollab.generation.provider;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import java.util.Objects;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Builds Spring AI chat models from {@link ProviderSettings}, programmatically (no auto-config
 * starter, so a provider without a key is simply not built and start-up never depends on one).
 * The clients' own retries are switched off: {@link ResilientPersonaModel} retries, and only
 * before the first token.
 */
public final class ChatModels {
  private ChatModels() {}

  /** A persona model for a configured language-model provider. */
  public static PersonaModel personaModel(ProviderSettings settings) {
    ChatModel chat = chatModel(settings);
    return new ChatPersonaModel(settings.kind().id(), settings.model(), chat, m -> chat.getOptions().mutate().model(m).build());
  }

  static ChatModel chatModel(ProviderSettings s) {
    if (!s.configured()) {
      throw new IllegalArgumentException(s.kind().id() + " is not configured: set " + s.kind().howToConfigure());
    }
    return switch (s.kind()) {
      case OFFLINE -> throw new IllegalArgumentException("the offline generator is not a chat model");
      case OPENAI, OPENAI_COMPATIBLE -> openAi(s);
      case ANTHROPIC -> anthropic(s);
      case OLLAMA -> ollama(s);
      case GEMINI -> gemini(s);
    };
  }

  private static ChatModel openAi(ProviderSettings s) {
    var options =
        OpenAiChatOptions.builder()
            .baseUrl(Objects.requireNonNull(s.base(), "base-url"))
            // An empty key makes the client send no Authorization header (a local server
            // without auth); null would make it look for OPENAI_API_KEY by itself.
            .apiKey(s.apiKey() == null ? "" : s.apiKey())
            .model(s.model())
            .maxTokens(s.maxTokens())
            .temperature(s.temperature())
            .maxRetries(0)
            .timeout(s.resilience().overallTimeout());
    return OpenAiChatModel.builder().options(options.build()).build();
  }

  private static ChatModel anthropic(ProviderSettings s) {
    var options =
        AnthropicChatOptions.builder()
            .baseUrl(Objects.requireNonNull(s.base(), "base-url"))
            .apiKey(s.apiKey())
            .model(s.model())
            .maxTokens(s.maxTokens())
            .temperature(s.temperature())
            .maxRetries(0)
            .timeout(s.resilience().overallTimeout());
    return AnthropicChatModel.builder().options(options.build()).build();
  }

  private static ChatModel ollama(ProviderSettings s) {
    var api = OllamaApi.builder().baseUrl(Objects.requireNonNull(s.base(), "base-url")).build();
    var options = OllamaChatOptions.builder().model(s.model()).numPredict(s.maxTokens()).temperature(s.temperature());
    return OllamaChatModel.builder().ollamaApi(api).options(options.build()).build();
  }

  private static ChatModel gemini(ProviderSettings s) {
    var http = HttpOptions.builder().baseUrl(Objects.requireNonNull(s.base(), "base-url")).build();
    Client client = Client.builder().apiKey(Objects.requireNonNull(s.apiKey(), "api-key")).httpOptions(http).build();
    var options =
        GoogleGenAiChatOptions.builder().model(s.model()).maxOutputTokens(s.maxTokens()).temperature(s.temperature());
    return GoogleGenAiChatModel.builder().genAiClient(client).options(options.build()).build();
  }
}
