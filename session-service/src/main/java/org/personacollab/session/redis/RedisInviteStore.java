package org.personacollab.session.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.Invite;
import org.personacollab.session.domain.InviteStore;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invites in Redis: the ones a session issued in the hash {@code session:<id>:invites} (jti →
 * invite JSON; expired entries are dropped when the session's invites are read), and each
 * revocation as its own key {@code invite:revoked:<jti>} that expires with the invite, so that a
 * join checks one key and nothing is kept longer than it can matter.
 */
public final class RedisInviteStore implements InviteStore {
  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final JsonMapper json;
  private final Clock clock;

  public RedisInviteStore(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  private String invitesKey(String sessionId) {
    return keys.key("session", sessionId, "invites");
  }

  private String revokedKey(String jti) {
    return keys.key("invite", "revoked", jti);
  }

  @Override
  public Mono<Void> save(Invite invite) {
    return redis.opsForHash().put(invitesKey(invite.sessionId()), invite.jti(), json.writeValueAsString(invite)).then();
  }

  @Override
  public Mono<Invite> find(String sessionId, String jti) {
    return redis.<String, String>opsForHash().get(invitesKey(sessionId), jti)
        .map(this::decode)
        .filter(invite -> !invite.isExpired(clock.instant()));
  }

  @Override
  public Flux<Invite> list(String sessionId, Instant now) {
    return redis.<String, String>opsForHash().values(invitesKey(sessionId))
        .map(this::decode)
        .collectList()
        .flatMapMany(all -> {
          Object[] expired = all.stream().filter(i -> i.isExpired(now)).map(Invite::jti).toArray();
          Mono<Long> forget = expired.length == 0 ? Mono.just(0L) : redis.opsForHash().remove(invitesKey(sessionId), expired);
          return forget.thenMany(Flux.fromStream(all.stream()
              .filter(i -> !i.isExpired(now))
              .sorted(Comparator.comparing(Invite::createdAt).thenComparing(Invite::jti))));
        });
  }

  @Override
  public Mono<Boolean> revoke(Invite invite, Instant now) {
    Duration left = Duration.between(now, invite.expiresAt());
    if (left.isNegative() || left.isZero()) return Mono.just(false);
    return redis.opsForValue().setIfAbsent(revokedKey(invite.jti()), now.toString(), left)
        .flatMap(revoked -> revoked
            ? save(invite.asRevoked()).thenReturn(true)
            : Mono.just(false));
  }

  @Override
  public Mono<Boolean> isRevoked(String jti) {
    return redis.hasKey(revokedKey(jti));
  }

  private Invite decode(String text) {
    return json.readValue(text, Invite.class);
  }
}
