package org.personacollab.generation.domain;

import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * What generation-service tells the sequencer: the generated persona, submitted into the session
 * document as an ordinary sequenced change, and the generation's events for the session's audit
 * log (docs/audit-events.md: {@code generation.started}, {@code .completed}, {@code .failed}).
 */
public interface PersonaSubmitter {
  /** Completes when the change is durably queued for the sequencer. */
  Mono<Void> submit(GenerationRequest request, String generationId, ObjectNode persona);

  /**
   * Queues an audit event of the generation, e.g. {@code generation.started} with
   * {@code {"generation_id":…,"provider":"offline",…}}; the requesting user is its actor.
   * Completes when it is durably queued.
   */
  Mono<Void> event(GenerationRequest request, String type, Map<String, Object> data);
}
