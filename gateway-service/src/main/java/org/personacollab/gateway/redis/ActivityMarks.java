package org.personacollab.gateway.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.personacollab.platform.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Tells session-service that a session is in use, so its idle sweep
 * ({@code collaboration.session.timeout_minutes}) leaves it open: the session id is added to the
 * sorted set {@code <prefix>sessions:activity}, scored by the time, at most once per
 * {@code interval} per session and gateway.
 */
public final class ActivityMarks {
  private static final Logger log = LoggerFactory.getLogger(ActivityMarks.class);
  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Long> lastMark = new ConcurrentHashMap<>();

  public ActivityMarks(ReactiveStringRedisTemplate redis, RedisKeys keys, Clock clock, Duration interval) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.interval = interval;
  }

  /** Marks the session as active now (fire and forget; a lost mark is repeated by the next change). */
  public void mark(String sessionId) {
    long now = clock.millis();
    Long previous = lastMark.get(sessionId);
    if (previous != null && now - previous < interval.toMillis()) return;
    lastMark.put(sessionId, now);
    redis.opsForZSet()
        .add(keys.key("sessions", "activity"), sessionId, now)
        .subscribe(v -> {}, e -> log.debug("Could not mark session {} active: {}", sessionId, e.toString()));
  }
}
