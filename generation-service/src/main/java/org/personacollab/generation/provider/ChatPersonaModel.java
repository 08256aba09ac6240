package org.personacollab.generation.provider;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@link ChatModel} as a {@link PersonaModel}: the prompt goes as one user message
 * through {@link ChatModel#stream(Prompt)}, and each response's text is a delta. Responses without
 * text (role announcements, usage, pings) are skipped. Errors of the client (an HTTP error status,
 * a broken connection, an {@code error} event in the stream, a chunk that cannot be read) become
 * {@link GenerationFailure.Reason#PROVIDER_ERROR}.
 */
public final class ChatPersonaModel implements PersonaModel {
  private final String name;
  private final String model;
  private final ChatModel chat;
  private final Function<String, ChatOptions> options;

  /**
   * @param options the provider's own options for a model name (the kind-specific builder, so
   *     that its settings are not lost when Spring AI merges runtime and default options)
   */
  public ChatPersonaModel(String name, String model, ChatModel chat, Function<String, ChatOptions> options) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    this.chat = Objects.requireNonNull(chat, "chat");
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public Flux<String> stream(PromptRequest request) {
    return Flux.defer(
            () -> chat.stream(new Prompt(List.of(new UserMessage(request.prompt())), options.apply(request.modelOr(model)))))
        .concatMapIterable(ChatPersonaModel::texts)
        .onErrorMap(
            e -> !(e instanceof GenerationFailure),
            e -> new GenerationFailure(GenerationFailure.Reason.PROVIDER_ERROR, name + " failed: " + describe(e), null, e));
  }

  private static List<String> texts(ChatResponse response) {
    List<String> texts = new java.util.ArrayList<>(1);
    for (Generation g : response.getResults()) {
      String text = g.getOutput().getText();
      if (text != null && !text.isEmpty()) texts.add(text);
    }
    return texts;
  }

  /** The most telling message of a cause chain (clients often wrap the real one). */
  static String describe(Throwable e) {
    Throwable t = e;
    String best = t.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null && !t.getMessage().isBlank()) best = t.getMessage();
    }
    String text = best == null || best.isBlank() ? e.getClass().getSimpleName() : best;
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
