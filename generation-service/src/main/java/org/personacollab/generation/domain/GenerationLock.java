package org.personacollab.generation.domain;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** At most one generation per session, across all instances of the service. */
public interface GenerationLock {
  /** Takes the session's lock for {@code generationId}; false if another generation holds it. */
  Mono<Boolean> acquire(String sessionId, String generationId, Duration ttl);

  /** Releases the lock if {@code generationId} still holds it. */
  Mono<Void> release(String sessionId, String generationId);

  /**
   * Sets the lock's TTL to {@code ttl} again if {@code generationId} still holds it: the lease a
   * running generation keeps renewing, so that the lock of a generation whose instance died
   * (SIGKILL, a pause) expires soon instead of after {@code max-duration}. False if it no longer
   * holds it (expired, or taken by another generation since).
   */
  Mono<Boolean> renew(String sessionId, String generationId, Duration ttl);

  /** The generation holding the session's lock; empty when the lock is free. */
  Mono<String> holder(String sessionId);
}
