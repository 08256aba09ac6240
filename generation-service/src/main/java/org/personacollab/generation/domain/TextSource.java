package org.personacollab.generation.domain;

import org.personacollab.generation.research.ResearchBundle;
import reactor.core.publisher.Flux;

/**
 * Where a generation's text comes from: the provider's stream of text pieces (tokens, deltas), in
 * order; together they are the persona JSON. Cancelling the subscription must stop the provider
 * (close the HTTP stream, stop the offline generator's pacing): that is how a cancelled
 * generation stops costing anything.
 */
public interface TextSource {
  /** The provider's name as generation frames and metadata carry it ({@code offline}, …). */
  String provider();

  /** The text, streamed; an error ends the generation with {@code generation_failed}. */
  Flux<String> stream(ResearchBundle bundle, GenerationRequest request);
}
