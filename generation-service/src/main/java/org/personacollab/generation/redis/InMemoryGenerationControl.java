package org.personacollab.generation.redis;

import org.personacollab.generation.domain.GenerationControl;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** {@link GenerationControl} within one JVM (tests, a single instance). */
public final class InMemoryGenerationControl implements GenerationControl {
  private final Sinks.Many<String> sink = Sinks.many().multicast().directBestEffort();

  @Override
  public Mono<Void> stop(String generationId) {
    return Mono.fromRunnable(() -> sink.emitNext(generationId, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1))));
  }

  @Override
  public Flux<String> stops() {
    return sink.asFlux();
  }
}
