package org.personacollab.session.domain;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where lifecycle events go so that the sequencer writes them into the session's hash-chained
 * audit log (ADR 8): {@code persona.edits}, keyed by session id. Implementation:
 * {@code KafkaAuditLog}.
 */
public interface AuditLog {
  /**
   * Appends the entries in order. Completes once the broker has them; errors if it does not
   * acknowledge them in time (then some, none or all may have been written).
   */
  Mono<Void> append(List<AuditEntry> entries);
}
