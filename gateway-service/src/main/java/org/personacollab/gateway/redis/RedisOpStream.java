package org.personacollab.gateway.redis;

import java.util.List;
import org.personacollab.gateway.domain.OpStream;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.OpsRecord;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Reads a session's sequenced ops from the sequencer's read model ({@code <prefix>ops:<session>}). */
public final class RedisOpStream implements OpStream {
  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final WireCodec codec;

  public RedisOpStream(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
  }

  @Override
  public Mono<List<OpsRecord.Sequenced>> range(String sessionId, long from, long to) {
    if (to <= from) return Mono.just(List.of());
    return redis
        .opsForZSet()
        .rangeByScore(keys.ops(sessionId), Range.closed((double) from, (double) (to - 1)))
        .map(json -> (OpsRecord.Sequenced) codec.read(json, OpsRecord.class))
        .collectList();
  }
}
