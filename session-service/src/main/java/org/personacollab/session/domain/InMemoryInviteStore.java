package org.personacollab.session.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An {@link InviteStore} in memory, for tests and single-process use. Thread-safe. */
public final class InMemoryInviteStore implements InviteStore {
  private final Map<String, Invite> invites = new HashMap<>();
  private final Map<String, Instant> revokedUntil = new HashMap<>();
  private final Clock clock;

  /** @param clock decides when a revocation is forgotten, as Redis's key expiry would */
  public InMemoryInviteStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Mono<Void> save(Invite invite) {
    invites.put(invite.jti(), invite);
    return Mono.empty();
  }

  @Override
  public synchronized Mono<Invite> find(String sessionId, String jti) {
    Invite invite = invites.get(jti);
    return invite != null && invite.sessionId().equals(sessionId) && !invite.isExpired(clock.instant())
        ? Mono.just(invite)
        : Mono.empty();
  }

  @Override
  public Flux<Invite> list(String sessionId, Instant now) {
    List<Invite> snapshot;
    synchronized (this) {
      snapshot = invites.values().stream()
          .filter(i -> i.sessionId().equals(sessionId) && !i.isExpired(now))
          .sorted(Comparator.comparing(Invite::createdAt).thenComparing(Invite::jti))
          .toList();
    }
    return Flux.fromIterable(snapshot);
  }

  @Override
  public synchronized Mono<Boolean> revoke(Invite invite, Instant now) {
    if (invite.isExpired(now) || isRevokedNow(invite.jti())) return Mono.just(false);
    revokedUntil.put(invite.jti(), invite.expiresAt());
    invites.computeIfPresent(invite.jti(), (jti, i) -> i.asRevoked());
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Boolean> isRevoked(String jti) {
    return Mono.just(isRevokedNow(jti));
  }

  private boolean isRevokedNow(String jti) {
    Instant until = revokedUntil.get(jti);
    return until != null && clock.instant().isBefore(until);
  }
}
