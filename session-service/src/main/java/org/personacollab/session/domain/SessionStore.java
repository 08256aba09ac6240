package org.personacollab.session.domain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where sessions are kept. Implementations: {@link InMemorySessionStore} (tests, single process)
 * and {@code RedisSessionStore}. Both pass {@code SessionStoreContract}.
 */
public interface SessionStore {
  /** Outcome of {@link #create}. */
  enum CreateOutcome {
    CREATED,
    /** The store already holds {@code maxActive} active sessions; nothing was stored. */
    LIMIT_REACHED,
    /** The id is taken (astronomically rare with random ids); nothing was stored. */
    ID_TAKEN
  }

  /**
   * Stores a new session unless that would exceed {@code maxActive} active sessions. The check
   * and the insert are atomic.
   */
  Mono<CreateOutcome> create(Session session, int maxActive);

  /** The session with that id; empty if there is none. */
  Mono<Session> find(String id);

  /** Active sessions, newest first, skipping {@code offset} and returning at most {@code limit}. */
  Flux<Session> listActive(int offset, int limit);

  /** The number of active sessions. */
  Mono<Long> countActive();
}
