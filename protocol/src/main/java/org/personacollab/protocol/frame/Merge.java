package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A CRDT update for a session in offline mode ({@code conflict_resolution: crdt}, ADR 12): the
 * fields the client wrote (last-writer-wins registers stamped with its hybrid logical clock) and
 * the values it added to or removed from lists (add-wins sets), in the wire form of
 * {@code org.personacollab.ot.crdt.CrdtState}:
 *
 * <pre>
 * {"type":"merge","seq":7,"changes":{
 *   "registers":[{"path":["name"],"value":"Ada","at":"1764220000000:0:c7f2"}],
 *   "sets":[{"path":["goals"],"adds":[{"tag":"1764220000001:0:c7f2","value":"Ship weekly"}],"removed":[]}]}}
 * </pre>
 *
 * <p>It has no {@code v}: the sequencer merges it however many versions the client missed (no
 * {@code op_too_old}). {@code seq} counts with the connection's ops and edits; the merge comes
 * back as an {@code op} (its ack) that turns the document into the merged one. Refused
 * {@code invalid_op} (malformed, or the session is not in crdt mode), {@code clock_skew} (a
 * timestamp too far ahead of the server's clock) or, like any change, {@code forbidden},
 * {@code not_your_turn}, {@code field_locked}, {@code document_too_large}. Invalid here: {@code seq}
 * below 1, {@code changes} not an object, more than {@link #MAX_CHANGES} entries.
 */
public record Merge(@Nullable String src, long seq, JsonNode changes) implements ClientFrame {
  /** The most registers, adds and removed tags one merge may carry; a client sends more as several merges. */
  public static final int MAX_CHANGES = 1000;

  public Merge {
    if (seq < 1) throw new IllegalArgumentException("\"seq\" must be 1 or more, got " + seq);
    if (changes == null || !changes.isObject()) {
      throw new IllegalArgumentException("\"changes\" must be an object with \"registers\" and \"sets\"");
    }
    int n = changes.path("registers").size();
    for (JsonNode set : changes.path("sets")) n += set.path("adds").size() + set.path("removed").size();
    if (n > MAX_CHANGES) throw new IllegalArgumentException("\"changes\" has more than " + MAX_CHANGES + " entries (" + n + ")");
  }
}
