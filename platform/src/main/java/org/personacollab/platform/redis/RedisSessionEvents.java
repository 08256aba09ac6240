package org.personacollab.platform.redis;

import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ServerFrame;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Publishes frames on the session's Redis channel ({@link RedisKeys#sessionEvents}), encoded by
 * {@link WireCodec} exactly as they go to sockets.
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
    return redis.convertAndSend(channel(sessionId), encode(frame)).then();
  }

  /** The Redis channel of the session's frames. */
  public String channel(String sessionId) {
    return keys.sessionEvents(sessionId);
  }

  /** {@code frame} as it is published (and as it goes to sockets). */
  public String encode(ServerFrame frame) {
    return codec.write(frame);
  }

  /** True if this publishes through {@code template}, that is on that Redis. */
  public boolean publishesThrough(ReactiveStringRedisTemplate template) {
    return redis == template;
  }
}
