package org.personacollab.generation.domain;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** At most one generation per session, across all instances of the service. */
public interface GenerationLock {
  /** Takes the session's lock for {@code generationId}; false if another generation holds it. */
  Mono<Boolean> acquire(String sessionId, String generationId, Duration ttl);

  /** Releases the lock if {@code generationId} still holds it. */
  Mono<Void> release(String sessionId, String generationId);
}
