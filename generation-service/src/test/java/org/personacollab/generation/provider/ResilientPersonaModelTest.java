package org.personacollab.generation.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.provider.GenerationFailure.Reason;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The Resilience4j guard, in virtual time: what is retried, what times out, what is refused. */
class ResilientPersonaModelTest {
  private static final PromptRequest REQUEST = new PromptRequest("p", List.of(), 1, null);

  /** A model whose n-th call (from 1) streams {@code script.apply(n)}. */
  private static final class Scripted implements PersonaModel {
    final AtomicInteger calls = new AtomicInteger();
    final IntFunction<Flux<String>> script;

    Scripted(IntFunction<Flux<String>> script) {
      this.script = script;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public String model() {
      return "fake-1";
    }

    @Override
    public Flux<String> stream(PromptRequest request) {
      return Flux.defer(() -> script.apply(calls.incrementAndGet()));
    }
  }

  private static ResilienceSettings settings(Duration firstToken, Duration overall, int attempts, int window, int maxConcurrent) {
    return new ResilienceSettings(firstToken, overall, attempts, Duration.ofSeconds(1), 50, window, window, Duration.ofMinutes(1), maxConcurrent);
  }

  private static ResilientPersonaModel guard(Scripted model, ResilienceSettings settings) {
    return new ResilientPersonaModel(model, settings, ResilientPersonaModel.Registries.ofDefaults());
  }

  private static boolean failure(Throwable e, Reason reason, String message, String raw) {
    assertThat(e).isInstanceOf(GenerationFailure.class);
    GenerationFailure f = (GenerationFailure) e;
    assertThat(f.reason()).isEqualTo(reason);
    assertThat(f.getMessage()).contains(message);
    assertThat(f.rawText()).isEqualTo(raw);
    return true;
  }

  @Test
  void stream_slowFirstTokenOnce_isRetriedAndSucceeds() {
    Scripted model = new Scripted(n -> n == 1 ? Flux.never() : Flux.just("{", "}"));
    var guarded = guard(model, settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 3, 10, 4));

    StepVerifier.withVirtualTime(() -> guarded.stream(REQUEST))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(10)) // the first call's time limit
        .thenAwait(Duration.ofSeconds(1)) // the wait before the second call
        .expectNext("{", "}")
        .verifyComplete();
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void stream_noFirstTokenInAnyAttempt_failsWithTimeout() {
    Scripted model = new Scripted(n -> Flux.never());
    var guarded = guard(model, settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 3, 10, 4));

    StepVerifier.withVirtualTime(() -> guarded.stream(REQUEST))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(3 * 10 + 2))
        .expectErrorMatches(e -> failure(e, Reason.TIMEOUT, "fake (fake-1) sent no first token within PT10S (3 attempt(s))", null))
        .verify();
    assertThat(model.calls).hasValue(3);
  }

  @Test
  void stream_errorAfterFirstToken_isNotRetried_andKeepsTheText() {
    Scripted model = new Scripted(n -> Flux.just("{\"na", "me\"").concatWith(Flux.error(new IllegalStateException("connection reset"))));
    var guarded = guard(model, settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 3, 10, 4));

    StepVerifier.create(guarded.stream(REQUEST))
        .expectNext("{\"na", "me\"")
        .expectErrorMatches(e -> failure(e, Reason.PROVIDER_ERROR, "fake (fake-1) failed: connection reset", "{\"name\""))
        .verify(Duration.ofSeconds(5));
    assertThat(model.calls).hasValue(1);
  }

  @Test
  void stream_stallMidAnswer_failsWithTimeout_andKeepsTheText() {
    Scripted model = new Scripted(n -> Flux.just("{").concatWith(Flux.never()));
    var guarded = guard(model, settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 3, 10, 4));

    StepVerifier.withVirtualTime(() -> guarded.stream(REQUEST))
        .expectNext("{")
        .thenAwait(Duration.ofSeconds(10))
        .expectErrorMatches(e -> failure(e, Reason.TIMEOUT, "sent nothing for PT10S in the middle of its answer", "{"))
        .verify();
    assertThat(model.calls).hasValue(1);
  }

  @Test
  void stream_longerThanOverallLimit_failsWithTimeout() {
    Scripted model = new Scripted(n -> Flux.interval(Duration.ofSeconds(1)).map(i -> "x"));
    var guarded = guard(model, settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 10, 4));

    StepVerifier.withVirtualTime(() -> guarded.stream(REQUEST))
        .thenAwait(Duration.ofSeconds(30))
        .expectNextCount(29)
        .expectErrorMatches(e -> failure(e, Reason.TIMEOUT, "fake (fake-1) did not finish within PT30S", "x".repeat(29)))
        .verify();
  }

  @Test
  void stream_repeatedFailures_openTheCircuit_andLaterCallsAreRefusedWithoutCalling() {
    Scripted model = new Scripted(n -> Flux.error(new IllegalStateException("HTTP 500")));
    var guarded = guard(model, settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 1, 2, 4));

    for (int i = 0; i < 2; i++) {
      StepVerifier.create(guarded.stream(REQUEST))
          .expectErrorMatches(e -> failure(e, Reason.PROVIDER_ERROR, "HTTP 500", null))
          .verify(Duration.ofSeconds(5));
    }
    StepVerifier.create(guarded.stream(REQUEST))
        .expectErrorMatches(e -> failure(e, Reason.CIRCUIT_OPEN, "fake (fake-1) failed too often recently; not calling it for PT1M", null))
        .verify(Duration.ofSeconds(5));
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void stream_beyondMaxConcurrent_isRefusedAtOnce() {
    Scripted model = new Scripted(n -> Flux.never());
    var guarded = guard(model, settings(Duration.ofMinutes(1), Duration.ofMinutes(5), 1, 10, 1));
    Disposable first = guarded.stream(REQUEST).subscribe(d -> {}, e -> {});
    try {
      StepVerifier.create(guarded.stream(REQUEST))
          .expectErrorMatches(e -> failure(e, Reason.BUSY, "fake (fake-1) already streams 1 generation(s), its limit", null))
          .verify(Duration.ofSeconds(5));
    } finally {
      first.dispose();
    }
    // Cancelling the first gives its permit back.
    assertThat(guarded.bulkhead().getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void metrics_showPerProvider() {
    var meters = new SimpleMeterRegistry();
    var registries = ResilientPersonaModel.Registries.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registries.circuitBreakers()).bindTo(meters);
    TaggedRetryMetrics.ofRetryRegistry(registries.retries()).bindTo(meters);
    var guarded = new ResilientPersonaModel(new Scripted(n -> Flux.just("a")), settings(Duration.ofSeconds(5), Duration.ofMinutes(1), 2, 10, 4), registries);

    StepVerifier.create(guarded.stream(REQUEST)).expectNext("a").verifyComplete();

    assertThat(meters.find("resilience4j.circuitbreaker.calls").tag("name", "fake").tag("kind", "successful").timer())
        .isNotNull()
        .satisfies(t -> assertThat(t.count()).isEqualTo(1));
    assertThat(meters.find("resilience4j.retry.calls").tag("name", "fake").functionCounter()).isNotNull();
  }

  /** The breaker's state as Prometheus shows it (resilience4j_circuitbreaker_state, 1 for the current state). */
  @Test
  void circuitBreakerState_showsOpenAtThePrometheusEndpoint_afterFailures() {
    var meters = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    var registries = ResilientPersonaModel.Registries.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registries.circuitBreakers()).bindTo(meters);
    var guarded =
        new ResilientPersonaModel(new Scripted(n -> Flux.error(new IllegalStateException("down"))),
            settings(Duration.ofSeconds(5), Duration.ofMinutes(1), 1, 2, 4), registries);
    assertThat(meters.scrape()).contains("resilience4j_circuitbreaker_state{name=\"fake\",state=\"closed\"} 1.0");

    for (int i = 0; i < 2; i++) StepVerifier.create(guarded.stream(REQUEST)).expectError(GenerationFailure.class).verify();

    String scrape = meters.scrape();
    assertThat(scrape)
        .contains("resilience4j_circuitbreaker_state{name=\"fake\",state=\"open\"} 1.0")
        .contains("resilience4j_circuitbreaker_state{name=\"fake\",state=\"closed\"} 0.0");
    StepVerifier.create(guarded.stream(REQUEST))
        .expectErrorMatches(e -> ((GenerationFailure) e).reason() == Reason.CIRCUIT_OPEN)
        .verify();
  }
}
