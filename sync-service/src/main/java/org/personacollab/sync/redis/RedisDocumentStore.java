package org.personacollab.sync.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.personacollab.ot.JsonCodec;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.SessionDocument;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Documents in Redis. Layout (shared with the gateway, which reads it to welcome joiners):
 *
 * <ul>
 *   <li>{@code <prefix>doc:<session>}: a hash with {@code v} (the version) and {@code doc}
 *       ({@code {"snapshot":{...}}}), read and written together so a reader never sees a snapshot
 *       of one version with the number of another;
 *   <li>{@code <prefix>ops:<session>}: a sorted set of sequenced ops (JSON) scored by {@code v}.
 * </ul>
 *
 * Writes go through one Lua script that refuses to move a document backwards.
 */
public final class RedisDocumentStore implements DocumentStore {
  private static final RedisScript<Long> SAVE =
      RedisScript.of(
          """
          local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
          if current >= tonumber(ARGV[1]) then return 0 end
          redis.call('HSET', KEYS[1], 'v', ARGV[1], 'doc', ARGV[2])
          for i = 3, #ARGV, 2 do
            redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
          end
          return 1
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final WireCodec codec;

  public RedisDocumentStore(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
  }

  @Override
  public Mono<SessionDocument> load(String sessionId) {
    return redis
        .<String, String>opsForHash()
        .multiGet(keys.document(sessionId), List.of("v", "doc"))
        .filter(values -> values.get(0) != null && values.get(1) != null)
        .map(
            values -> {
              Map<?, ?> doc = (Map<?, ?>) JsonCodec.parse(values.get(1));
              return new SessionDocument(sessionId, Long.parseLong(values.get(0)), doc.get("snapshot"), Map.of(), List.of(), null);
            });
  }

  @Override
  public Flux<OpsRecord.Sequenced> ops(String sessionId, long from, int limit) {
    return redis
        .opsForZSet()
        .rangeByScore(
            keys.ops(sessionId),
            Range.closed((double) from, Double.POSITIVE_INFINITY),
            org.springframework.data.redis.connection.Limit.limit().count(limit))
        .map(json -> (OpsRecord.Sequenced) codec.read(json, OpsRecord.class));
  }

  @Override
  public Mono<Boolean> save(SessionDocument state, List<OpsRecord.Sequenced> ops) {
    List<String> args = new ArrayList<>(2 + ops.size() * 2);
    args.add(Long.toString(state.version()));
    args.add("{\"snapshot\":" + JsonCodec.write(state.snapshot()) + "}");
    for (OpsRecord.Sequenced op : ops) {
      args.add(Long.toString(op.v()));
      args.add(codec.write((OpsRecord) op));
    }
    return redis
        .execute(SAVE, List.of(keys.document(state.sessionId()), keys.ops(state.sessionId())), args)
        .next()
        .map(result -> result == 1L);
  }
}
