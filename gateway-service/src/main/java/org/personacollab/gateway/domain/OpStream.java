package org.personacollab.gateway.domain;

import java.util.List;
import org.personacollab.protocol.kafka.OpsRecord;
import reactor.core.publisher.Mono;

/** Reads committed ops of a session by version, to fill a gap in a socket's live stream. */
public interface OpStream {
  /**
   * The ops with {@code from <= v < to}, in version order; may return fewer if the read model has
   * not caught up yet (the caller retries).
   */
  Mono<List<OpsRecord.Sequenced>> range(String sessionId, long from, long to);
}
