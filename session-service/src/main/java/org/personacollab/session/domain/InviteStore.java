package org.personacollab.session.domain;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The invites a session issued, and which ones were revoked. A revocation is kept until the
 * invite's expiry and no longer: after that the token is refused as expired anyway.
 * Implementations: {@link InMemoryInviteStore} and {@code RedisInviteStore}, both checked by
 * {@code InviteStoreContract}.
 */
public interface InviteStore {
  /** Remembers an issued invite (until it expires). */
  Mono<Void> save(Invite invite);

  /** The invite with that id in that session; empty if unknown or already expired and forgotten. */
  Mono<Invite> find(String sessionId, String jti);

  /** The session's invites that have not expired at {@code now}, revoked ones included, oldest first. */
  Flux<Invite> list(String sessionId, Instant now);

  /**
   * Revokes an invite until its expiry. True if this call revoked it, false if it was revoked
   * already (or had expired, when there is nothing left to refuse).
   */
  Mono<Boolean> revoke(Invite invite, Instant now);

  /** True if the invite with that id was revoked and has not expired yet. */
  Mono<Boolean> isRevoked(String jti);
}
