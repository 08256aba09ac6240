package org.personacollab.gateway.redis;

import java.time.Duration;
import org.personacollab.gateway.domain.GenerationFeeds;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.CloseCodes;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserLeft;
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
 * publisher. Generation frames go through the session's {@link GenerationFeeds feed} instead, which
 * puts their chunks in index order and refills lost ones. Resubscribes after a Redis outage.
 */
public final class SessionEventsListener implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SessionEventsListener.class);

  private final ReactiveRedisMessageListenerContainer container;
  private final RedisKeys keys;
  private final SessionHub hub;
  private final WireCodec codec;
  private final GenerationFeeds feeds;
  private volatile Disposable subscription = () -> {};
  private volatile boolean running;

  public SessionEventsListener(
      ReactiveRedisMessageListenerContainer container, RedisKeys keys, SessionHub hub, WireCodec codec, GenerationFeeds feeds) {
    this.container = container;
    this.feeds = feeds;
    this.keys = keys;
    this.hub = hub;
    this.codec = codec;
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
                  if (sessionId == null) return;
                  if (message.getMessage().startsWith(GENERATION_PREFIX)) {
                    generation(sessionId, message.getMessage());
                    return;
                  }
                  hub.broadcast(sessionId, message.getMessage());
                  act(sessionId, message.getMessage());
                })
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(s -> log.warn("Redis event subscription lost; resubscribing: {}", s.failure().toString())))
            .subscribe();
  }

  private static final String GENERATION_PREFIX = "{\"type\":\"generation_";

  private void generation(String sessionId, String json) {
    try {
      feeds.onFrame(sessionId, codec.read(json, ServerFrame.class));
    } catch (RuntimeException e) {
      log.warn("Dropped a generation frame of session {} that could not be read: {}", sessionId, e.toString());
    }
  }

  /**
   * session-service's announcements also change what sockets may do: a role change applies at
   * once; a removed participant's sockets and, for a closed session, all of them are closed after
   * the frame that says why.
   */
  private void act(String sessionId, String json) {
    // Cheap test first: most messages are generation chunks and presence.
    if (!json.startsWith("{\"type\":\"role_changed\"") && !json.startsWith("{\"type\":\"user_left\"")
        && !json.startsWith("{\"type\":\"session_closed\"")) {
      return;
    }
    try {
      ServerFrame frame = codec.read(json, ServerFrame.class);
      if (frame instanceof RoleChanged changed) {
        hub.changeRole(sessionId, changed.userId(), Identity.Role.of(changed.role()));
      } else if (frame instanceof UserLeft left && "removed".equals(left.reason())) {
        hub.closeUser(sessionId, left.userId(), CloseCodes.FORBIDDEN, "removed: the facilitator removed you from the session");
      } else if (frame instanceof UserLeft left && "left".equals(left.reason())) {
        hub.closeUser(sessionId, left.userId(), CloseCodes.FORBIDDEN, "not_a_participant: you left the session; join again to come back");
      } else if (frame instanceof SessionClosed closed) {
        hub.closeSession(sessionId, CloseCodes.SESSION_CLOSED, "session_closed: " + closed.message());
      }
    } catch (RuntimeException e) {
      log.warn("Could not act on event of session {}: {}", sessionId, e.toString());
    }
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
