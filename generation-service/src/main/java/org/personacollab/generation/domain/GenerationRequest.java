package org.personacollab.generation.domain;

import org.jspecify.annotations.Nullable;

/**
 * A request to generate personas into a session.
 *
 * @param count how many personas (1–5)
 * @param dataset a folder of the research data to use, or null for all of it
 * @param provider the provider to use ({@code openai}, …), or null for the configured default
 * @param model the model to ask, or null for the provider's configured one
 */
public record GenerationRequest(
    String sessionId, String userId, int count, @Nullable String dataset, @Nullable String provider, @Nullable String model) {
  public static final int MAX_COUNT = 5;

  public GenerationRequest {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (dataset != null && !dataset.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("dataset must be a simple folder name, got \"" + dataset + "\"");
    }
    if (userId.isBlank()) throw new IllegalArgumentException("user_id must not be blank");
    if (provider != null && provider.isBlank()) provider = null;
    if (model != null && model.isBlank()) model = null;
    if (model != null && !model.matches("[A-Za-z0-9._:/@+-]{1,128}")) {
      throw new IllegalArgumentException("model must be a model name, got \"" + model + "\"");
    }
  }

  /** A request with the default provider and model. */
  public GenerationRequest(String sessionId, String userId, int count, @Nullable String dataset) {
    this(sessionId, userId, count, dataset, null, null);
  }
}
