package org.personacollab.gateway.redis;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.frame.ServerFrame;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Presence lives in Redis, never in Kafka: a hash per session ({@code <prefix>presence:<session>},
 * field = client id, value = the latest {@link PresenceFrame}), read into each welcome, and every
 * update published on the session's event channel so every gateway forwards it. An entry older
 * than the presence TTL counts as gone (a client that stopped sending presence has left the
 * field); the hash itself expires when nobody updates it.
 */
public final class PresenceStore {
  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final WireCodec codec;
  private final Duration ttl;

  public PresenceStore(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec, Duration ttl) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
    this.ttl = ttl;
  }

  private String key(String sessionId) {
    return keys.key("presence", sessionId);
  }

  /** Stores a client's presence and tells the session. */
  public Mono<Void> update(String sessionId, PresenceFrame frame) {
    String json = codec.write(frame);
    return redis
        .opsForHash()
        .put(key(sessionId), frame.clientId(), json)
        .then(redis.expire(key(sessionId), ttl.multipliedBy(4)))
        .then(publish(sessionId, frame));
  }

  /** Forgets a client's presence (its socket closed). */
  public Mono<Void> remove(String sessionId, String clientId) {
    return redis.opsForHash().remove(key(sessionId), clientId).then();
  }

  /** The presence entries of a session that are younger than the TTL, oldest first. */
  public Mono<List<PresenceFrame>> current(String sessionId, long nowMillis) {
    return redis
        .<String, String>opsForHash()
        .values(key(sessionId))
        .map(json -> codec.read(json, ServerFrame.class))
        .ofType(PresenceFrame.class)
        .filter(p -> nowMillis - p.ts() <= ttl.toMillis())
        .sort(Comparator.comparingLong(PresenceFrame::ts))
        .collectList();
  }

  /** Publishes any live frame to the session (user_joined, user_left, presence). */
  public Mono<Void> publish(String sessionId, ServerFrame frame) {
    return redis.convertAndSend(keys.sessionEvents(sessionId), codec.write(frame)).then();
  }
}
