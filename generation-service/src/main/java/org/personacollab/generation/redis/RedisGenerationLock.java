package org.personacollab.generation.redis;

import java.time.Duration;
import java.util.List;
import org.personacollab.generation.domain.GenerationLock;
import org.personacollab.platform.redis.RedisKeys;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The lock is a key {@code <prefix>generation:<session>} holding the generation id, set with
 * {@code NX} and a TTL; release deletes it only if it still holds our id (a Lua compare-and-delete),
 * so a run that outlived its TTL cannot release a newer run's lock; renew sets the TTL again under
 * the same compare (a Lua compare-and-pexpire).
 */
public final class RedisGenerationLock implements GenerationLock {
  private static final RedisScript<Long> RELEASE =
      RedisScript.of(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
          Long.class);

  private static final RedisScript<Long> RENEW =
      RedisScript.of(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;

  public RedisGenerationLock(ReactiveStringRedisTemplate redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public Mono<Boolean> acquire(String sessionId, String generationId, Duration ttl) {
    return redis.opsForValue().setIfAbsent(keys.key("generation", sessionId), generationId, ttl);
  }

  @Override
  public Mono<Void> release(String sessionId, String generationId) {
    return redis.execute(RELEASE, List.of(keys.key("generation", sessionId)), List.of(generationId)).then();
  }

  @Override
  public Mono<Boolean> renew(String sessionId, String generationId, Duration ttl) {
    return redis
        .execute(RENEW, List.of(keys.key("generation", sessionId)), List.of(generationId, Long.toString(ttl.toMillis())))
        .next()
        .map(n -> n == 1L)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<String> holder(String sessionId) {
    return redis.opsForValue().get(keys.key("generation", sessionId));
  }
}
