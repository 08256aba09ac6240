package org.personacollab.generation.provider;

import reactor.core.publisher.Flux;

/**
 * A source of persona text: a language model behind some API, or the offline generator.
 *
 * <p>{@link #stream} is cold: each subscription is one call. It emits the answer's text deltas in
 * order as they arrive (concatenated they are the whole answer, which the prompt asks to be JSON),
 * completes when the answer is complete, and errors with a {@link GenerationFailure} when the
 * provider cannot give one. Cancelling the subscription stops the call.
 */
public interface PersonaModel {
  /** The provider's configuration name, e.g. {@code openai}; written to {@code metadata.provider}. */
  String name();

  /** The model used when a request names none; written to {@code metadata.model}. */
  String model();

  Flux<String> stream(PromptRequest request);

  /**
   * Whether the answer's personas already carry our {@code metadata} (the offline generator
   * writes it itself, so that its streamed text is exactly the persona that enters the document);
   * a language model's never do, and the parser sets it.
   */
  default boolean writesOwnMetadata() {
    return false;
  }
}
