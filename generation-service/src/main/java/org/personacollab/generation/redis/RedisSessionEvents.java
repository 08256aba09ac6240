package org.personacollab.generation.redis;

import org.personacollab.generation.domain.SessionEvents;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ServerFrame;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Publishes frames on the session's Redis channel ({@link RedisKeys#sessionEvents}); every
 * gateway subscribes and forwards them to that session's sockets. Pub/sub is at-most-once: the
 * chunks carry gap-free indexes so a receiver can tell when one is missing.
 */
public final class RedisSessionEvents implements SessionEvents {
  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final WireCodec codec;

  public RedisSessionEvents(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
  }

  @Override
  public Mono<Void> publish(String sessionId, ServerFrame frame) {
    return redis.convertAndSend(keys.sessionEvents(sessionId), codec.write(frame)).then();
  }
}
