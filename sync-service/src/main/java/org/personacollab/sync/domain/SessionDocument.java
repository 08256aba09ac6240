package org.personacollab.sync.domain;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's document at a version, plus what the sequencer needs to drop duplicates: the last
 * {@code seq} sequenced for each client ({@code src}). Treated as an immutable value: the
 * {@code snapshot} is never mutated after construction (changes build a new one), so a state can
 * be kept as the last committed one while the next batch is tried.
 *
 * <p>{@code version} follows ShareDB: the number of ops applied so far, i.e. the {@code v} the
 * next op will get.
 */
public record SessionDocument(String sessionId, long version, ObjectNode snapshot, Map<String, Long> lastSeq) {
  public SessionDocument {
    if (version < 0) throw new IllegalArgumentException("version must be >= 0: " + version);
    lastSeq = Map.copyOf(lastSeq);
  }

  /** A new, empty session at version 0. */
  public static SessionDocument empty(String sessionId) {
    return new SessionDocument(sessionId, 0, JsonNodeFactory.instance.objectNode(), Map.of());
  }

  /** True if {@code seq} from {@code src} was already sequenced. */
  public boolean isDuplicate(String src, long seq) {
    Long last = lastSeq.get(src);
    return last != null && seq <= last;
  }

  /** The document after one more op. */
  SessionDocument next(ObjectNode newSnapshot, String src, long seq) {
    Map<String, Long> seqs = new HashMap<>(lastSeq);
    seqs.put(src, seq);
    return new SessionDocument(sessionId, version + 1, newSnapshot, seqs);
  }
}
