package org.personacollab.generation.domain;

import tools.jackson.databind.node.ObjectNode;
import reactor.core.publisher.Mono;

/** Submits a generated persona into the session document as an ordinary sequenced change. */
public interface PersonaSubmitter {
  /** Completes when the change is durably queued for the sequencer. */
  Mono<Void> submit(GenerationRequest request, String generationId, ObjectNode persona);
}
