package org.personacollab.generation.domain;

import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchBundle;

/**
 * A request to generate personas into a session.
 *
 * @param count how many personas (1–5)
 * @param dataset a folder of the research data to use, or null for all of it; null when {@code
 *     research} is given
 * @param provider the provider asked for ({@code offline}, …), or null for the server's default
 * @param model the model asked for, or null for the provider's default
 * @param research research uploaded with the request, already read and checked against the
 *     limits, or null to read {@code dataset} from the server's research data
 */
public record GenerationRequest(
    String sessionId,
    String userId,
    int count,
    @Nullable String dataset,
    @Nullable String provider,
    @Nullable String model,
    @Nullable ResearchBundle research) {
  public static final int MAX_COUNT = 5;

  public GenerationRequest {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (dataset != null && !dataset.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("dataset must be a simple folder name, got \"" + dataset + "\"");
    }
    if (dataset != null && research != null) {
      throw new IllegalArgumentException("a request brings uploaded research or names a dataset, not both");
    }
    if (userId.isBlank()) throw new IllegalArgumentException("user_id must not be blank");
    if (provider != null && provider.isBlank()) provider = null;
    if (model != null && model.isBlank()) model = null;
    if (model != null && !model.matches("[A-Za-z0-9._:/@+-]{1,128}")) {
      throw new IllegalArgumentException("model must be a model name, got \"" + model + "\"");
    }
  }

  /** A request for the server's research data ({@code dataset}, or all of it), with the default provider and model. */
  public GenerationRequest(String sessionId, String userId, int count, @Nullable String dataset) {
    this(sessionId, userId, count, dataset, null, null, null);
  }

  /** A request for the server's research data with a provider and model (null: the defaults). */
  public GenerationRequest(
      String sessionId, String userId, int count, @Nullable String dataset, @Nullable String provider, @Nullable String model) {
    this(sessionId, userId, count, dataset, provider, model, null);
  }
}
