package org.personacollab.generation.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.personacollab.platform.observability.PersonaMetrics;
import reactor.core.publisher.Flux;

/**
 * Measures a provider's stream as the participants see it (retries and waits included): the time
 * to its first piece of text ({@code persona.generation.first.token}), the characters and pieces
 * (deltas, roughly tokens) it sends, whose rates are characters and tokens per second
 * ({@code persona.generation.characters}, {@code persona.generation.deltas}), and how it ended
 * ({@code persona.generation.streams}, {@code outcome} = completed, failed or cancelled). Tagged
 * with the provider's name.
 */
public final class StreamMetrics {
  private final MeterRegistry meters;

  public StreamMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** {@code text}, measured on each subscription. */
  public Flux<String> measure(String provider, Flux<String> text) {
    Timer firstToken =
        Timer.builder(PersonaMetrics.GENERATION_FIRST_TOKEN)
            .description("from calling the provider to its first piece of text")
            .tag("provider", provider)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(meters);
    Counter characters = Counter.builder(PersonaMetrics.GENERATION_CHARACTERS).tag("provider", provider).register(meters);
    Counter deltas = Counter.builder(PersonaMetrics.GENERATION_DELTAS).tag("provider", provider).register(meters);
    return Flux.defer(
        () -> {
          long start = System.nanoTime();
          boolean[] first = {true}; // a Flux signals onNext serially
          return text.doOnNext(
                  delta -> {
                    if (first[0]) {
                      first[0] = false;
                      firstToken.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    }
                    characters.increment(delta.length());
                    deltas.increment();
                  })
              .doOnComplete(() -> ended(provider, "completed"))
              .doOnError(e -> ended(provider, "failed"))
              .doOnCancel(() -> ended(provider, "cancelled"));
        });
  }

  private void ended(String provider, String outcome) {
    Counter.builder(PersonaMetrics.GENERATION_STREAMS).tag("provider", provider).tag("outcome", outcome).register(meters).increment();
  }
}
