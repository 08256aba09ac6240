package org.personacollab.sync.history;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.OtException;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.DocumentStore.VersionedDocument;
import org.personacollab.sync.domain.Sequencer;
import reactor.core.publisher.Mono;

/**
 * Reads a session's past from the read model: the document at a version is the newest history
 * snapshot at or before it (or the empty document at version 0) with the ops after it applied.
 * Where that is not possible (ops trimmed with {@code persist_history: false}, or lost with Redis
 * and not written back by a rebuild) it says so, {@link HistoryTrimmed}, instead of guessing.
 */
public final class HistoryReader {
  private final DocumentStore store;
  private final boolean persistHistory;

  public HistoryReader(DocumentStore store, boolean persistHistory) {
    this.store = store;
    this.persistHistory = persistHistory;
  }

  /** Whether the read model keeps every op ({@code collaboration.session.persist_history}). */
  public boolean persistHistory() {
    return persistHistory;
  }

  /** The session's current document (version 0, {@code {}}, for a session without changes). */
  public Mono<VersionedDocument> current(String sessionId) {
    return store
        .load(sessionId)
        .map(doc -> new VersionedDocument(doc.version(), doc.snapshot()))
        .defaultIfEmpty(new VersionedDocument(0, JsonCodec.parse("{}")));
  }

  /**
   * The oldest version whose document can be read: 0 while the first op is kept, else the oldest
   * history snapshot, else only the current version.
   */
  public Mono<Long> earliest(String sessionId, long current) {
    Mono<Long> firstOp = store.ops(sessionId, 0, 1).next().map(OpsRecord.Sequenced::v).defaultIfEmpty(-1L);
    Mono<Long> firstSnapshot = store.firstSnapshotVersion(sessionId).defaultIfEmpty(-1L);
    return Mono.zip(firstOp, firstSnapshot)
        .map(t -> t.getT1() == 0 ? 0L : t.getT2() >= 0 ? Math.min(t.getT2(), current) : current);
  }

  /**
   * The document at {@code version}. Errors: 400 {@code validation_failed} (negative), 404
   * {@code version_not_found} (beyond the current version), 410 {@link HistoryTrimmed}.
   */
  public Mono<VersionedDocument> at(String sessionId, long version) {
    if (version < 0) return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "version: must be 0 or more"));
    return current(sessionId).flatMap(current -> {
      if (version > current.version()) {
        return Mono.error(new ApiException(
            ErrorCode.VERSION_NOT_FOUND,
            "Session " + sessionId + " is at version " + current.version() + "; version " + version + " does not exist yet."));
      }
      if (version == current.version()) return Mono.just(current);
      return earliest(sessionId, current.version()).flatMap(earliest -> version < earliest
          ? Mono.error(new HistoryTrimmed(sessionId, version, earliest, persistHistory))
          : fold(sessionId, version, current.version()));
    });
  }

  private Mono<VersionedDocument> fold(String sessionId, long version, long currentVersion) {
      return store
          .snapshotAtOrBefore(sessionId, version)
          .defaultIfEmpty(new VersionedDocument(0, JsonCodec.parse("{}")))
          .flatMap(base -> store
              .ops(sessionId, base.version(), (int) Math.min(Integer.MAX_VALUE, version - base.version()))
              .collectList()
              .flatMap(ops -> {
                Object doc = fold(base, ops, version);
                if (doc != null || contiguous(base, ops, version)) return Mono.just(new VersionedDocument(version, doc));
                // Trimmed while we read: say so, with where the history starts now.
                return earliest(sessionId, currentVersion)
                    .flatMap(earliest -> Mono.error(new HistoryTrimmed(sessionId, version, earliest, persistHistory)));
              }));
  }

  private static boolean contiguous(VersionedDocument base, List<OpsRecord.Sequenced> ops, long version) {
    if (ops.size() != version - base.version()) return false;
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).v() != base.version() + i) return false;
    }
    return true;
  }

  /** The base with the ops applied, or null when the ops do not lead from it to {@code version}. */
  private static @Nullable Object fold(VersionedDocument base, List<OpsRecord.Sequenced> ops, long version) {
    if (!contiguous(base, ops, version)) return null;
    Object doc = base.document();
    try {
      for (OpsRecord.Sequenced op : ops) doc = Json0.apply(doc, Sequencer.opOf(op));
    } catch (OtException e) {
      throw new IllegalStateException("the stored ops of version " + base.version() + " to " + version + " do not apply: " + e.getMessage(), e);
    }
    return doc;
  }
}
