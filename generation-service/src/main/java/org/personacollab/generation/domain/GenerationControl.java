package org.personacollab.generation.domain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How instances of generation-service tell each other to stop a generation: a cancel request may
 * reach any instance, but only the one running the generation holds its provider stream. Adapters:
 * {@code InMemoryGenerationControl} (one instance) and {@code RedisGenerationControl} (a Redis
 * channel every instance listens on). At most once, like all pub/sub: a lost stop is still safe,
 * because the store refuses every chunk of a cancelled generation, and the run stops at its next
 * chunk.
 */
public interface GenerationControl {
  /** Asks every instance to stop {@code generationId}; completes when the request is sent. */
  Mono<Void> stop(String generationId);

  /** The ids of generations to stop, as they are asked for, from any instance. */
  Flux<String> stops();
}
