package org.personacollab.platform.redis;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Reads a session's current generation from Redis. The layout (written by generation-service's
 * {@code RedisGenerationStore}, read by it and by every gateway):
 *
 * <ul>
 *   <li>{@link RedisKeys#generationState} — a hash {@code id}, {@code status} (a
 *       {@link GenerationStatus#wire()}), {@code provider}, {@code started_by}, {@code started_at}
 *       (epoch ms);
 *   <li>{@link RedisKeys#generationChunks} — a list of the chunks' text, index = position.
 * </ul>
 *
 * Both keys carry the same TTL. A read is one Lua script, so the id and the chunks it returns
 * belong to each other even while a new generation replaces the old one.
 */
public final class RedisGenerationReader {
  /** Fields of the state hash. */
  public static final String ID = "id", STATUS = "status", PROVIDER = "provider", STARTED_BY = "started_by",
      STARTED_AT = "started_at";

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> READ =
      RedisScript.of(
          """
          local s = redis.call('HMGET', KEYS[1], 'id', 'status', 'provider', 'started_by', 'started_at')
          if not s[1] then return {} end
          local n = redis.call('LLEN', KEYS[2])
          local out = {s[1], s[2], s[3] or '', s[4] or '', s[5] or '0', tostring(n)}
          local from = tonumber(ARGV[1])
          if from < n then
            local chunks = redis.call('LRANGE', KEYS[2], from, -1)
            for i = 1, #chunks do out[#out + 1] = chunks[i] end
          end
          return out
          """,
          List.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;

  public RedisGenerationReader(ReactiveStringRedisTemplate redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /**
   * The session's current generation with its chunks from index {@code from}; empty if the
   * session has none (never had one, or its state expired).
   */
  public Mono<GenerationSnapshot> read(String sessionId, long from) {
    if (from < 0) return Mono.error(new IllegalArgumentException("from must be 0 or more, got " + from));
    return redis
        .execute(READ, List.of(keys.generationState(sessionId), keys.generationChunks(sessionId)), List.of(Long.toString(from)))
        .next()
        .filter(list -> !list.isEmpty())
        .map(RedisGenerationReader::snapshot)
        .map(s -> new GenerationSnapshot(s.generationId(), s.status(), s.provider(), s.startedBy(), s.startedAt(),
            s.chunkCount(), from, s.chunks()));
  }

  private static GenerationSnapshot snapshot(List<?> row) {
    GenerationStatus status = GenerationStatus.fromWire(String.valueOf(row.get(1))).orElse(GenerationStatus.FAILED);
    List<String> chunks = new ArrayList<>(row.size() - 6);
    for (int i = 6; i < row.size(); i++) chunks.add(String.valueOf(row.get(i)));
    return new GenerationSnapshot(String.valueOf(row.get(0)), status, String.valueOf(row.get(2)), String.valueOf(row.get(3)),
        Long.parseLong(String.valueOf(row.get(4))), Long.parseLong(String.valueOf(row.get(5))), 0, chunks);
  }
}
