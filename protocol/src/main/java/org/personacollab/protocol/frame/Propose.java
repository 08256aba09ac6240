package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Proposes a value for a field, to be voted on (docs/workshop.md):
 * {@code {"type":"propose","path":"demographics.age","value":34}}. Proposals for the same field
 * gather in one open vote; {@code vote} names the vote to join. Without {@code path} (or with
 * {@code ""}) the value is a whole persona (an object). {@code {"type":"propose","candidates":true}}
 * proposes every candidate a generation left in {@code metadata.candidates}, one proposal each.
 *
 * <p>Invalid: no {@code value} and no {@code candidates}; a {@code path} that is neither a string
 * nor a list; a {@code vote} that is not an id like {@code v3}.
 */
public record Propose(@Nullable JsonNode path, @Nullable JsonNode value, @Nullable String vote, @Nullable Boolean candidates)
    implements ClientFrame {
  public Propose {
    boolean fromCandidates = Boolean.TRUE.equals(candidates);
    if (!fromCandidates && (value == null || value.isMissingNode())) {
      throw new IllegalArgumentException("\"value\" is required (or \"candidates\": true)");
    }
    if (fromCandidates && value != null && !value.isMissingNode()) {
      throw new IllegalArgumentException("give either \"value\" or \"candidates\": true, not both");
    }
    if (path != null && !path.isNull() && !path.isString() && !path.isArray()) {
      throw new IllegalArgumentException("\"path\" must be a string or an array, got " + path.getNodeType());
    }
    if (vote != null) WorkshopIds.requireId("vote", vote, 'v');
  }
}
