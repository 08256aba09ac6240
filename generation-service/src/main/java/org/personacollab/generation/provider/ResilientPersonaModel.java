package org.personacollab.generation.provider;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.personacollab.generation.provider.GenerationFailure.Reason;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link PersonaModel} guarded by Resilience4j, instances named after the provider so that their
 * metrics ({@code resilience4j_circuitbreaker_*}, {@code _retry_*}, {@code _bulkhead_*}, {@code
 * _timelimiter_*}) show per provider.
 *
 * <h2>Order of the operators (inside out)</h2>
 *
 * <ol>
 *   <li><b>Time limiter</b> on each call: the first delta must come within {@code
 *       first-token-timeout}, and each following one within the same time (a Flux is timed per
 *       element), so a stalled stream fails too.
 *   <li>An error after the first delta is wrapped so that nothing retries it: repeating the call
 *       would send the text already shown to everybody a second time.
 *   <li><b>Circuit breaker</b> per call, so each attempt counts in its window.
 *   <li><b>Retry</b> of a call that failed before its first token (connection refused, an HTTP
 *       error, a time-out waiting for the first token), {@code max-attempts} in all; not of an open
 *       circuit or a full bulkhead.
 *   <li><b>Bulkhead</b>: one permit per generation, held across its attempts.
 *   <li>The <b>overall</b> limit on the whole stream, attempts and waits included.
 * </ol>
 *
 * Every error leaves as a {@link GenerationFailure} that carries the text received so far.
 */
public final class ResilientPersonaModel implements PersonaModel {
  private final PersonaModel delegate;
  private final ResilienceSettings settings;
  private final TimeLimiter timeLimiter;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;
  private final Bulkhead bulkhead;

  public ResilientPersonaModel(PersonaModel delegate, ResilienceSettings settings, Registries registries) {
    this.delegate = delegate;
    this.settings = settings;
    String name = delegate.name();
    this.timeLimiter =
        registries.timeLimiters().timeLimiter(
            name, TimeLimiterConfig.custom().timeoutDuration(settings.firstTokenTimeout()).cancelRunningFuture(true).build());
    this.circuitBreaker =
        registries.circuitBreakers().circuitBreaker(
            name,
            CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openStateWait())
                .build());
    this.retry =
        registries.retries().retry(
            name,
            RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .waitDuration(settings.retryWait())
                .retryOnException(ResilientPersonaModel::retryable)
                .build());
    this.bulkhead =
        registries.bulkheads().bulkhead(
            name, BulkheadConfig.custom().maxConcurrentCalls(settings.maxConcurrent()).maxWaitDuration(Duration.ZERO).build());
  }

  /** The Resilience4j registries the instances live in (bound to the meter registry by config). */
  public record Registries(
      CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, BulkheadRegistry bulkheads, TimeLimiterRegistry timeLimiters) {
    public static Registries ofDefaults() {
      return new Registries(
          CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults());
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public boolean writesOwnMetadata() {
    return delegate.writesOwnMetadata();
  }

  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  public Bulkhead bulkhead() {
    return bulkhead;
  }

  @Override
  public Flux<String> stream(PromptRequest request) {
    return Flux.defer(
        () -> {
          AtomicBoolean started = new AtomicBoolean();
          StringBuilder received = new StringBuilder();
          Flux<String> attempt =
              Flux.defer(() -> delegate.stream(request))
                  .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                  .doOnNext(
                      delta -> {
                        started.set(true);
                        received.append(delta);
                      })
                  .onErrorMap(e -> started.get(), AfterFirstToken::new)
                  .transformDeferred(CircuitBreakerOperator.of(circuitBreaker));
          // One deadline per generation, shared by every element's timeout (cache: the timer
          // starts with the first subscription and is not restarted by later ones).
          Mono<Long> deadline = Mono.delay(settings.overallTimeout()).cache();
          return attempt
              .transformDeferred(RetryOperator.of(retry))
              .transformDeferred(BulkheadOperator.of(bulkhead))
              .timeout(deadline, delta -> deadline, Flux.error(new OverallTimeout()))
              .onErrorMap(e -> failure(e, started.get(), received.toString(), request));
        });
  }

  private GenerationFailure failure(Throwable error, boolean started, String received, PromptRequest request) {
    Throwable e = error instanceof AfterFirstToken wrapped ? wrapped.getCause() : error;
    String provider = delegate.name() + " (" + request.modelOr(delegate.model()) + ")";
    GenerationFailure failure;
    if (e instanceof GenerationFailure f) {
      failure = f;
    } else if (e instanceof OverallTimeout) {
      failure = new GenerationFailure(Reason.TIMEOUT, provider + " did not finish within " + settings.overallTimeout(), null, null);
    } else if (e instanceof TimeoutException) {
      failure =
          new GenerationFailure(
              Reason.TIMEOUT,
              started
                  ? provider + " sent nothing for " + settings.firstTokenTimeout() + " in the middle of its answer"
                  : provider + " sent no first token within " + settings.firstTokenTimeout() + " (" + settings.maxAttempts()
                      + " attempt(s))",
              null,
              e);
    } else if (e instanceof CallNotPermittedException) {
      failure =
          new GenerationFailure(
              Reason.CIRCUIT_OPEN, provider + " failed too often recently; not calling it for " + settings.openStateWait(), null, e);
    } else if (e instanceof BulkheadFullException) {
      failure =
          new GenerationFailure(
              Reason.BUSY, provider + " already streams " + settings.maxConcurrent() + " generation(s), its limit; try again later", null, e);
    } else {
      failure = new GenerationFailure(Reason.PROVIDER_ERROR, provider + " failed: " + ChatPersonaModel.describe(e), null, e);
    }
    return received.isEmpty() || failure.rawText() != null ? failure : failure.withRawText(received);
  }

  private static boolean retryable(Throwable e) {
    return !(e instanceof AfterFirstToken || e instanceof CallNotPermittedException || e instanceof BulkheadFullException);
  }

  /** An error after text was shown: never retried. */
  private static final class AfterFirstToken extends RuntimeException {
    AfterFirstToken(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private static final class OverallTimeout extends RuntimeException {
    OverallTimeout() {
      super("overall time limit", null, false, false);
    }
  }
}
