package org.personacollab.platform.redis;

import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Mono;

/**
 * Live (non-durable) frames for every participant of a session: generation chunks from
 * generation-service; {@code role_changed}, {@code user_left} (removed) and {@code session_closed}
 * from session-service. Every gateway subscribes to the session channels, forwards the frames to
 * that session's sockets and acts on those that change a socket's rights. Pub/sub is at most
 * once: streamed chunks carry gap-free indexes, and a gateway that misses a rights change learns
 * the state from session-service at the next connect. Implementation: {@link RedisSessionEvents}.
 */
public interface SessionEvents {
  /** Publishes {@code frame} on the session's channel; completes when Redis took it. */
  Mono<Void> publish(String sessionId, ServerFrame frame);
}
