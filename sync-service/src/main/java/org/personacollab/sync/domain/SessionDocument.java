package org.personacollab.sync.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;

/**
 * A session's document at a version, plus what the sequencer needs around it: the last
 * {@code seq} sequenced for each client ({@code src}), to drop duplicates, and the most recent ops
 * ({@code recent}, the ops that took the document from {@code version - recent.size()} to
 * {@code version}), to transform ops made against an older version.
 *
 * <p>An immutable value: {@code snapshot} is an ot-core value (immutable, shares structure with
 * its predecessor), so a state can be kept as the last committed one while the next batch is
 * tried on top of it. {@code version} follows ShareDB: the number of ops applied so far, i.e. the
 * {@code v} the next op gets.
 */
public record SessionDocument(
    String sessionId, long version, @Nullable Object snapshot, Map<String, Long> lastSeq, List<Op> recent) {
  public SessionDocument {
    if (version < 0) throw new IllegalArgumentException("version must be >= 0: " + version);
    if (recent.size() > version) {
      throw new IllegalArgumentException("more recent ops (" + recent.size() + ") than the version " + version);
    }
    snapshot = JsonCodec.freeze(snapshot);
    lastSeq = Map.copyOf(lastSeq);
    recent = List.copyOf(recent);
  }

  /** A new, empty session at version 0. */
  public static SessionDocument empty(String sessionId) {
    return new SessionDocument(sessionId, 0, JsonCodec.parse("{}"), Map.of(), List.of());
  }

  /** True if {@code seq} from {@code src} was already sequenced. */
  public boolean isDuplicate(String src, long seq) {
    Long last = lastSeq.get(src);
    return last != null && seq <= last;
  }

  /** The ops applied since version {@code v} (empty if {@code v} is the current version). */
  List<Op> opsSince(long v) {
    int behind = (int) (version - v);
    return recent.subList(recent.size() - behind, recent.size());
  }

  /** The document after one more op, keeping at most {@code retained} recent ops. */
  SessionDocument next(@Nullable Object newSnapshot, Op op, String src, long seq, int retained) {
    Map<String, Long> seqs = new HashMap<>(lastSeq);
    seqs.put(src, seq);
    List<Op> ops = new ArrayList<>(Math.min(recent.size() + 1, retained));
    int from = Math.max(0, recent.size() + 1 - retained);
    for (int i = from; i < recent.size(); i++) ops.add(recent.get(i));
    if (retained > 0) ops.add(op);
    return new SessionDocument(sessionId, version + 1, newSnapshot, seqs, ops);
  }
}
