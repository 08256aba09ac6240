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
   * newer version (a sequencer that lost the session to another instance must not overwrite it).
   *
   * @return true if stored, false if a newer version was already there
   */
  Mono<Boolean> save(SessionDocument state, List<OpsRecord.Sequenced> ops);

  /** Up to {@code limit} stored ops of a session with {@code v >= from}, in version order. */
  Flux<OpsRecord.Sequenced> ops(String sessionId, long from, int limit);
}
