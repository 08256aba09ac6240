package org.personacollab.generation.provider;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchDocument;

/**
 * What a model is asked: the rendered prompt for language models, and the research itself for the
 * offline generator, which reads the documents instead of the prompt.
 *
 * @param prompt the text from {@link PersonaPrompt}
 * @param documents the research the prompt was made from, in source order
 * @param count how many personas (1–5)
 * @param model a model to use instead of the provider's configured one, or null
 */
public record PromptRequest(String prompt, List<ResearchDocument> documents, int count, @Nullable String model) {
  public PromptRequest {
    Objects.requireNonNull(prompt, "prompt");
    documents = List.copyOf(documents);
    if (count < 1 || count > 5) throw new IllegalArgumentException("count must be between 1 and 5, got " + count);
    if (model != null && model.isBlank()) model = null;
  }

  /** The model to call: the request's, else {@code fallback}. */
  public String modelOr(String fallback) {
    return model == null ? fallback : model;
  }
}
