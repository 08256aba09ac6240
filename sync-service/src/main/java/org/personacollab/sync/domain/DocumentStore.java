package org.personacollab.sync.domain;

import java.util.List;
import org.personacollab.protocol.kafka.OpsRecord;
import reactor.core.publisher.Mono;

/**
 * The read model of sessions that gateways join from: each session's latest committed document
 * and its ops by version. Written by the sequencer after each committed Kafka transaction.
 */
public interface DocumentStore {
  /** The stored document of a session; empty if the session has no ops yet. */
  Mono<SessionDocument> load(String sessionId);

  /**
   * Stores {@code state} and the ops that led to it, unless the store already holds a newer
   * version (a sequencer that lost the session to another instance must not overwrite it).
   *
   * @return true if stored, false if a newer version was already there
   */
  Mono<Boolean> save(SessionDocument state, List<OpsRecord.Sequenced> ops);
}
