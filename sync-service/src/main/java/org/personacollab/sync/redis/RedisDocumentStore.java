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
 * Writes go through one Lua script that refuses to move a document backwards, and (unless told
 * otherwise) to store ops that would leave a hole between the stored version and them.
 */
public final class RedisDocumentStore implements DocumentStore {
  private static final RedisScript<String> SAVE =
      RedisScript.of(
          """
          local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
          local v = tonumber(ARGV[1])
          if current >= v then return 'stale' end
          local first = v
          for i = 6, #ARGV, 2 do
            first = math.min(first, tonumber(ARGV[i]))
          end
          local wanted = math.max(current, 0)
          if ARGV[5] == 'strict' and first > wanted then return 'gap ' .. wanted .. ' ' .. first end
          redis.call('HSET', KEYS[1], 'v', ARGV[1], 'doc', ARGV[2])
          for i = 6, #ARGV, 2 do
            redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
          end
          local last = redis.call('ZREVRANGE', KEYS[3], 0, 0, 'WITHSCORES')
          if #last == 0 or v - tonumber(last[2]) >= tonumber(ARGV[3]) then
            redis.call('ZADD', KEYS[3], ARGV[1], '{"v":' .. ARGV[1] .. ',' .. string.sub(ARGV[2], 2))
          end
          local keep = tonumber(ARGV[4])
          if keep >= 0 then
            local floor = redis.call('ZREVRANGEBYSCORE', KEYS[3], v - keep, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
            if #floor > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. floor[2])
              redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. floor[2])
            end
          end
          return 'saved'
          """,
          String.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final WireCodec codec;
  private final HistoryPolicy history;

  public RedisDocumentStore(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec, HistoryPolicy history) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
    this.history = history;
  }

  /** History snapshots of a session (sorted set of {@code {"v":…,"snapshot":…}} scored by version). */
  private String snapshots(String sessionId) {
    return keys.key("history", sessionId);
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
  public Flux<OpsRecord.Sequenced> opsBefore(String sessionId, long below, int limit) {
    return redis
        .opsForZSet()
        .reverseRangeByScore(
            keys.ops(sessionId),
            Range.closed(Double.NEGATIVE_INFINITY, (double) (below - 1)),
            org.springframework.data.redis.connection.Limit.limit().count(limit))
        .map(json -> (OpsRecord.Sequenced) codec.read(json, OpsRecord.class));
  }

  @Override
  public Mono<VersionedDocument> snapshotAtOrBefore(String sessionId, long version) {
    return redis
        .opsForZSet()
        .reverseRangeByScore(
            snapshots(sessionId),
            Range.closed(Double.NEGATIVE_INFINITY, (double) version),
            org.springframework.data.redis.connection.Limit.limit().count(1))
        .next()
        .map(json -> {
          Map<?, ?> snap = (Map<?, ?>) JsonCodec.parse(json);
          return new VersionedDocument(((Number) snap.get("v")).longValue(), snap.get("snapshot"));
        });
  }

  @Override
  public Mono<Long> firstSnapshotVersion(String sessionId) {
    return redis
        .opsForZSet()
        .rangeWithScores(snapshots(sessionId), org.springframework.data.domain.Range.closed(0L, 0L))
        .next()
        .map(t -> t.getScore().longValue());
  }

  @Override
  public Mono<SaveOutcome> save(SessionDocument state, List<OpsRecord.Sequenced> ops) {
    return save(state, ops, true);
  }

  @Override
  public Mono<SaveOutcome> saveOverGap(SessionDocument state, List<OpsRecord.Sequenced> ops) {
    return save(state, ops, false);
  }

  private Mono<SaveOutcome> save(SessionDocument state, List<OpsRecord.Sequenced> ops, boolean strict) {
    List<String> args = new ArrayList<>(5 + ops.size() * 2);
    args.add(Long.toString(state.version()));
    args.add("{\"snapshot\":" + JsonCodec.write(state.snapshot()) + "}");
    args.add(Integer.toString(history.snapshotEvery()));
    args.add(Integer.toString(history.persistHistory() ? -1 : history.keepOps()));
    args.add(strict ? "strict" : "over-gap");
    for (OpsRecord.Sequenced op : ops) {
      args.add(Long.toString(op.v()));
      args.add(codec.write((OpsRecord) op));
    }
    return redis
        .execute(SAVE, List.of(keys.document(state.sessionId()), keys.ops(state.sessionId()), snapshots(state.sessionId())), args)
        .next()
        .map(RedisDocumentStore::outcome);
  }

  private static SaveOutcome outcome(String reply) {
    if (reply.equals("saved")) return new SaveOutcome.Saved();
    if (reply.equals("stale")) return new SaveOutcome.Stale();
    String[] gap = reply.split(" ");
    return new SaveOutcome.Gap(Long.parseLong(gap[1]), Long.parseLong(gap[2]));
  }
}
