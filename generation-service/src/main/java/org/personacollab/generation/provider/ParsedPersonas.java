package org.personacollab.generation.provider;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validated personas of one answer, at least one, in the order the model gave them.
 *
 * <p><b>How a set enters the session document.</b> The root of the document is the persona
 * (DESIGN.md §6), so {@link #document()} is the first candidate; when there are several, all of
 * them (the first included, each without its own {@code metadata}) are kept under {@code
 * metadata.candidates}. {@code metadata} is ours, not the persona's, so the persona's own keys stay
 * clean for export, and no root key is taken that the workshop state might want; a participant
 * picks another candidate by an ordinary edit.
 */
public record ParsedPersonas(List<ObjectNode> candidates) {
  /** Key under {@code metadata} that holds all candidates of a set. */
  public static final String CANDIDATES = "candidates";

  public ParsedPersonas {
    if (candidates.isEmpty()) throw new IllegalArgumentException("a parsed answer has at least one persona");
    candidates = List.copyOf(candidates);
  }

  /** The persona to submit as the session document (a new object; the candidates are not changed). */
  public ObjectNode document() {
    ObjectNode first = candidates.get(0).deepCopy();
    if (candidates.size() > 1) {
      ObjectNode metadata = (ObjectNode) first.get("metadata");
      ArrayNode all = metadata.putArray(CANDIDATES);
      for (ObjectNode candidate : candidates) {
        ObjectNode copy = candidate.deepCopy();
        copy.remove("metadata");
        all.add(copy);
      }
    }
    return first;
  }
}
