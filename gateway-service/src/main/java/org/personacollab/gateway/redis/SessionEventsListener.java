package org.personacollab.gateway.redis;

import java.time.Duration;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.platform.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Subscribes to every session's event channel and forwards each message, unchanged, to the
 * sockets of that session on this gateway. Messages are frames already encoded by their
 * publisher. Resubscribes after a Redis outage.
 */
public final class SessionEventsListener implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SessionEventsListener.class);

  private final ReactiveRedisMessageListenerContainer container;
  private final RedisKeys keys;
  private final SessionHub hub;
  private volatile Disposable subscription = () -> {};
  private volatile boolean running;

  public SessionEventsListener(ReactiveRedisMessageListenerContainer container, RedisKeys keys, SessionHub hub) {
    this.container = container;
    this.keys = keys;
    this.hub = hub;
  }

  @Override
  public void start() {
    running = true;
    subscription =
        container
            .receive(PatternTopic.of(keys.sessionEventsPattern()))
            .doOnNext(
                message -> {
                  String sessionId = keys.sessionIdOfEventsChannel(message.getChannel());
                  if (sessionId != null) hub.broadcast(sessionId, message.getMessage());
                })
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(s -> log.warn("Redis event subscription lost; resubscribing: {}", s.failure().toString())))
            .subscribe();
  }

  @Override
  public void stop() {
    running = false;
    subscription.dispose();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
