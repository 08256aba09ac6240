package org.personacollab.generation.domain;

import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Mono;

/** Publishes live (non-durable) frames to every participant of a session. */
public interface SessionEvents {
  /** Publishes {@code frame} on the session's channel; completes when the broker took it. */
  Mono<Void> publish(String sessionId, ServerFrame frame);
}
