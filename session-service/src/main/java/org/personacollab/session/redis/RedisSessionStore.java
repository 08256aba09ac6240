package org.personacollab.session.redis;

import java.util.List;
import java.util.Objects;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.Session;
import org.personacollab.session.domain.SessionStore;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in Redis: each as JSON at {@code <prefix>session:<id>}, and the active ones in a
 * sorted set {@code <prefix>sessions:active} scored by creation time (newest first on listing).
 * Creation runs as one Lua script so that the {@code max_sessions} check and the insert cannot
 * interleave with another instance's.
 */
public final class RedisSessionStore implements SessionStore {
  private static final RedisScript<Long> CREATE =
      RedisScript.of(
          """
          if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
          if not redis.call('SET', KEYS[2], ARGV[4], 'NX') then return 0 end
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
          return 1
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final JsonMapper json;

  public RedisSessionStore(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
    this.redis = redis;
    this.keys = keys;
    this.json = json;
  }

  private String sessionKey(String id) {
    return keys.key("session", id);
  }

  private String activeIndex() {
    return keys.key("sessions", "active");
  }

  @Override
  public Mono<CreateOutcome> create(Session session, int maxActive) {
    List<String> args =
        List.of(
            Integer.toString(maxActive),
            Long.toString(session.createdAt().toEpochMilli()),
            session.id(),
            json.writeValueAsString(session));
    return redis
        .execute(CREATE, List.of(activeIndex(), sessionKey(session.id())), args)
        .next()
        .map(
            result ->
                switch (result.intValue()) {
                  case 1 -> CreateOutcome.CREATED;
                  case 0 -> CreateOutcome.ID_TAKEN;
                  default -> CreateOutcome.LIMIT_REACHED;
                });
  }

  @Override
  public Mono<Session> find(String id) {
    return redis.opsForValue().get(sessionKey(id)).map(this::decode);
  }

  @Override
  public Flux<Session> listActive(int offset, int limit) {
    if (limit <= 0) return Flux.empty();
    Range<Long> range = Range.closed((long) offset, (long) offset + limit - 1);
    return redis
        .opsForZSet()
        .reverseRange(activeIndex(), range)
        .collectList()
        .flatMapMany(
            ids ->
                ids.isEmpty()
                    ? Flux.empty()
                    : redis.opsForValue()
                        .multiGet(ids.stream().map(this::sessionKey).toList())
                        .flatMapIterable(values -> values.stream().filter(Objects::nonNull).map(this::decode).toList()));
  }

  @Override
  public Mono<Long> countActive() {
    return redis.opsForZSet().size(activeIndex());
  }

  private Session decode(String text) {
    return json.readValue(text, Session.class);
  }
}
