package org.personacollab.generation.redis;

import java.time.Duration;
import java.util.List;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.platform.generation.ChunkScript;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.platform.redis.RedisGenerationReader;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.protocol.frame.GenerationChunk;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link GenerationStore} in Redis, in the layout {@link RedisGenerationReader} documents (a state
 * hash and a chunk list per session, both with the TTL, refreshed on every write). Every write is
 * one Lua script, so an append and a cancel cannot interleave: an append checks, in the same
 * step, that the generation is still the current one and running.
 *
 * <p>A streamed chunk is stored and published by one script, {@link ChunkScript} (see
 * {@link #appendAndPublish}): one round trip per chunk instead of two.
 */
public final class RedisGenerationStore implements GenerationStore {
  private static final RedisScript<Long> START =
      RedisScript.of(
          """
          redis.call('DEL', KEYS[1], KEYS[2])
          redis.call('HSET', KEYS[1], 'id', ARGV[1], 'status', 'running', 'provider', ARGV[2],
              'started_by', ARGV[3], 'started_at', ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          redis.call('SADD', KEYS[3], ARGV[6])
          return 1
          """,
          Long.class);

  private static final RedisScript<Long> APPEND =
      RedisScript.of(
          """
          local s = redis.call('HMGET', KEYS[1], 'id', 'status')
          if s[1] ~= ARGV[1] or s[2] ~= 'running' then return -1 end
          local n = redis.call('RPUSH', KEYS[2], ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
          return n - 1
          """,
          Long.class);

  private static final RedisScript<Long> APPEND_AND_PUBLISH = RedisScript.of(ChunkScript.LUA, Long.class);

  private static final RedisScript<String> TRANSITION =
      RedisScript.of(
          """
          local s = redis.call('HMGET', KEYS[1], 'id', 'status')
          if s[1] ~= ARGV[1] then return '' end
          if s[2] == ARGV[2] then
            redis.call('HSET', KEYS[1], 'status', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
          end
          return s[2]
          """,
          String.class);

  private static final RedisScript<Long> FORGET =
      RedisScript.of(
          """
          if redis.call('HGET', KEYS[1], 'status') == 'running' then return 0 end
          return redis.call('SREM', KEYS[2], ARGV[1])
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final RedisGenerationReader reader;
  private final String ttlMillis;

  public RedisGenerationStore(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration ttl) {
    if (ttl.toMillis() < 1) throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
    this.redis = redis;
    this.keys = keys;
    this.reader = new RedisGenerationReader(redis, keys);
    this.ttlMillis = Long.toString(ttl.toMillis());
  }

  private List<String> keysOf(String sessionId) {
    return List.of(keys.generationState(sessionId), keys.generationChunks(sessionId));
  }

  /** The set of sessions that started a generation not yet forgotten ({@link #runningSessions}). */
  private String runningKey() {
    return keys.key("generations", "running");
  }

  @Override
  public Mono<Void> start(String sessionId, String generationId, String provider, String startedBy, long startedAt) {
    return redis
        .execute(
            START,
            List.of(keys.generationState(sessionId), keys.generationChunks(sessionId), runningKey()),
            List.of(generationId, provider, startedBy, Long.toString(startedAt), ttlMillis, sessionId))
        .then();
  }

  @Override
  public Mono<Long> append(String sessionId, String generationId, String content) {
    return redis.execute(APPEND, keysOf(sessionId), List.of(generationId, content, ttlMillis)).next().filter(i -> i >= 0);
  }

  /**
   * One script when {@code events} publishes on this store's Redis (the service's configuration);
   * otherwise the two steps of the default.
   */
  @Override
  public Mono<Long> appendAndPublish(String sessionId, String generationId, String content, SessionEvents events) {
    if (!(events instanceof RedisSessionEvents redisEvents) || !redisEvents.publishesThrough(redis)) {
      return GenerationStore.super.appendAndPublish(sessionId, generationId, content, events);
    }
    ChunkScript.Cut frame = ChunkScript.cut(redisEvents.encode(new GenerationChunk(generationId, ChunkScript.INDEX_MARK, content)));
    return redis
        .execute(APPEND_AND_PUBLISH,
            List.of(keys.generationState(sessionId), keys.generationChunks(sessionId), redisEvents.channel(sessionId)),
            List.of(generationId, content, ttlMillis, frame.before(), frame.after()))
        .next()
        .filter(i -> i >= 0);
  }

  @Override
  public Mono<GenerationStatus> transition(
      String sessionId, String generationId, GenerationStatus expected, GenerationStatus next) {
    return redis
        .execute(TRANSITION, keysOf(sessionId), List.of(generationId, expected.wire(), next.wire(), ttlMillis))
        .next()
        .filter(had -> !had.isEmpty())
        .map(had -> GenerationStatus.fromWire(had).orElse(GenerationStatus.FAILED));
  }

  @Override
  public Mono<GenerationSnapshot> read(String sessionId, long from) {
    return reader.read(sessionId, from);
  }

  @Override
  public Flux<String> runningSessions() {
    return redis.opsForSet().members(runningKey());
  }

  @Override
  public Mono<Void> forget(String sessionId) {
    return redis.execute(FORGET, List.of(keys.generationState(sessionId), runningKey()), List.of(sessionId)).then();
  }
}
