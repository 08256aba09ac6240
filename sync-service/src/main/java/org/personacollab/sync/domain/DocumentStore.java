package org.personacollab.sync.domain;

import java.util.List;
import org.personacollab.protocol.kafka.OpsRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read model of sessions that gateways join from and the ops API reads: each session's latest
 * committed document and its ops by version. Written by the sequencer after each committed Kafka
 * transaction and after a rebuild; never read back by the sequencer (Kafka is its source of
 * truth).
 */
public interface DocumentStore {
  /** A session's stored document and version, without marks or recent ops; empty if none. */
  Mono<SessionDocument> load(String sessionId);

  /**
   * Stores {@code state}'s document and the ops that led to it, unless the store already holds a
   * newer version (a sequencer that lost the session to another instance must not overwrite it),
   * or unless storing them would leave a hole in the session's op list: {@code ops} (in version
   * order) must begin at or below the stored version (at 0 when nothing is stored). A sequencer
   * that took a session over knows only the ops after its partition's checkpoint, and the
   * instance before it may have died between committing older ones and storing them; it reads
   * what {@link SaveOutcome.Gap} names from the log and saves again.
   */
  Mono<SaveOutcome> save(SessionDocument state, List<OpsRecord.Sequenced> ops);

  /**
   * Like {@link #save}, but stores the document even over a hole in the op list: for ops that can
   * no longer be had (deleted from the log), so that the document itself does not stay behind.
   */
  Mono<SaveOutcome> saveOverGap(SessionDocument state, List<OpsRecord.Sequenced> ops);

  /** What {@link #save} did. */
  sealed interface SaveOutcome {
    /** The document and ops were stored. */
    record Saved() implements SaveOutcome {}

    /** Nothing was stored: the store already holds this version or a newer one. */
    record Stale() implements SaveOutcome {}

    /** Nothing was stored: the ops with versions {@code from} (inclusive) to {@code to} (exclusive) are missing. */
    record Gap(long from, long to) implements SaveOutcome {
      public Gap {
        if (from < 0 || to <= from) throw new IllegalArgumentException("not a gap: [" + from + ", " + to + ")");
      }
    }
  }

  /** Up to {@code limit} stored ops of a session with {@code v >= from}, in version order. */
  Flux<OpsRecord.Sequenced> ops(String sessionId, long from, int limit);

  /** Up to {@code limit} stored ops of a session with {@code v < below}, newest first. */
  Flux<OpsRecord.Sequenced> opsBefore(String sessionId, long below, int limit);

  /**
   * The newest history snapshot of a session at a version at most {@code version}; empty if none.
   * The store keeps one every {@code persona.sync.snapshot-every-ops} versions (see
   * {@link HistoryPolicy}).
   */
  Mono<VersionedDocument> snapshotAtOrBefore(String sessionId, long version);

  /** The version of a session's oldest history snapshot; empty if none. */
  Mono<Long> firstSnapshotVersion(String sessionId);

  /** A document as it was at {@code version}. */
  record VersionedDocument(long version, @org.jspecify.annotations.Nullable Object document) {}

  /**
   * What the store keeps of a session's past: a history snapshot whenever the document has moved
   * {@code snapshotEvery} versions past the last one; and, with {@code persistHistory} false, only
   * the ops (and snapshots) from the newest snapshot that is at least {@code keepOps} versions old
   * (the window the sequencer and resuming clients need), everything older deleted.
   */
  record HistoryPolicy(int snapshotEvery, boolean persistHistory, int keepOps) {
    public HistoryPolicy {
      if (snapshotEvery < 1) throw new IllegalArgumentException("snapshotEvery must be >= 1: " + snapshotEvery);
      if (keepOps < 0) throw new IllegalArgumentException("keepOps must be >= 0: " + keepOps);
    }
  }
}
