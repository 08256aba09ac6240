package org.personacollab.sync.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.protocol.kafka.SnapshotRecord.ClientMark;

/**
 * A session's document at a version, plus what the sequencer needs around it: the last change
 * processed from each client ({@code marks}: its {@code seq}, and the version it became or the
 * code it was refused with), to drop or re-acknowledge duplicates and refuse gaps; and the most
 * recent ops ({@code recent}, the ops that took the document from
 * {@code version - recent.size()} to {@code version}), to transform ops made against an older
 * version.
 *
 * <p>An immutable value: {@code snapshot} is an ot-core value (immutable, shares structure with its
 * predecessor), so a state can be kept as the last committed one while the next batch is tried on
 * top of it. {@code version} follows ShareDB: the number of ops applied so far, i.e. the {@code v}
 * the next op gets.
 */
public record SessionDocument(
    String sessionId,
    long version,
    @Nullable Object snapshot,
    Map<String, ClientMark> marks,
    List<Op> recent,
    SnapshotRecord.@Nullable AuditHead audit) {
  public SessionDocument {
    if (version < 0) throw new IllegalArgumentException("version must be >= 0: " + version);
    if (recent.size() > version) {
      throw new IllegalArgumentException("more recent ops (" + recent.size() + ") than the version " + version);
    }
    snapshot = JsonCodec.freeze(snapshot);
    marks = Map.copyOf(marks);
    recent = List.copyOf(recent);
  }

  /** A new, empty session at version 0. */
  public static SessionDocument empty(String sessionId) {
    return new SessionDocument(sessionId, 0, JsonCodec.parse("{}"), Map.of(), List.of(), null);
  }

  /** The same document with its audit chain at {@code head}. */
  public SessionDocument withAudit(SnapshotRecord.@Nullable AuditHead head) {
    return new SessionDocument(sessionId, version, snapshot, marks, recent, head);
  }

  /** The last change seen from {@code src}, or null. */
  public @Nullable ClientMark mark(String src) {
    return marks.get(src);
  }

  /** The ops applied since version {@code v} (empty if {@code v} is the current version). */
  List<Op> opsSince(long v) {
    int behind = (int) (version - v);
    return recent.subList(recent.size() - behind, recent.size());
  }

  /** The document after one more op, keeping at most {@code retained} recent ops. */
  SessionDocument next(@Nullable Object newSnapshot, Op op, String src, long seq, int retained) {
    List<Op> ops = new ArrayList<>(Math.min(recent.size() + 1, retained));
    int from = Math.max(0, recent.size() + 1 - retained);
    for (int i = from; i < recent.size(); i++) ops.add(recent.get(i));
    if (retained > 0) ops.add(op);
    return new SessionDocument(sessionId, version + 1, newSnapshot, marked(src, ClientMark.applied(seq, version), retained), ops, audit);
  }

  /** The same document, remembering that change {@code seq} of {@code src} was refused. */
  SessionDocument refused(String src, long seq, String code, int retained) {
    return new SessionDocument(sessionId, version, snapshot, marked(src, ClientMark.rejected(seq, version, code), retained), recent, audit);
  }

  /**
   * Marks with {@code src}'s updated, forgetting clients whose last change is older than the
   * retained window: such a client can no longer resume (its version would be too old), so its
   * changes cannot come back as duplicates.
   */
  private Map<String, ClientMark> marked(String src, ClientMark mark, int retained) {
    Map<String, ClientMark> out = new HashMap<>(marks.size() + 1);
    long horizon = version - Math.max(retained, 1);
    marks.forEach((k, m) -> {
      if (m.v() >= horizon) out.put(k, m);
    });
    out.put(src, mark);
    return out;
  }
}
