package org.personacollab.gateway.redis;

import java.util.List;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a session's latest document for a welcome from the sequencer's read model
 * ({@code <prefix>doc:<session>}: version and document read in one command, so they match). A
 * session without ops yet is the empty document at version 0.
 */
public final class DocumentReader {
  /** A snapshot and the version it is at. */
  public record Snapshot(long version, JsonNode document) {}

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final WireCodec codec;

  public DocumentReader(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
  }

  /** The lowest version whose op the read model still has; empty if it has none. */
  public Mono<Long> oldestOp(String sessionId) {
    return redis
        .opsForZSet()
        .rangeWithScores(keys.ops(sessionId), org.springframework.data.domain.Range.closed(0L, 0L))
        .next()
        .map(t -> t.getScore().longValue());
  }

  public Mono<Snapshot> read(String sessionId) {
    return redis
        .<String, String>opsForHash()
        .multiGet(keys.document(sessionId), List.of("v", "doc"))
        .filter(values -> values.get(0) != null && values.get(1) != null)
        .map(values -> new Snapshot(Long.parseLong(values.get(0)), codec.readTree(values.get(1)).get("snapshot")))
        .defaultIfEmpty(new Snapshot(0, JsonNodeFactory.instance.objectNode()));
  }
}
