package org.personacollab.platform.web;

import java.time.Duration;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Asks session-service (over HTTP, {@code persona.services.session-url}) whether a session
 * exists. The answer is true or false; an unreachable or failing session-service is an
 * {@link ApiException} with {@code unavailable}, never a false "not found".
 */
public final class SessionDirectory {
  private final WebClient client;
  private final Duration timeout;

  public SessionDirectory(WebClient.Builder builder, PersonaProperties.Services services) {
    this.client = builder.baseUrl(services.sessionUrl().toString()).build();
    this.timeout = services.timeout();
  }

  /** True if the session exists. */
  public Mono<Boolean> exists(String sessionId) {
    return client
        .get()
        .uri("/api/sessions/{id}", sessionId)
        .retrieve()
        .toBodilessEntity()
        .map(response -> true)
        .onErrorResume(
            WebClientResponseException.class,
            e -> e.getStatusCode().value() == HttpStatus.NOT_FOUND.value() ? Mono.just(false) : Mono.error(e))
        .timeout(timeout)
        .retryWhen(Retry.backoff(2, Duration.ofMillis(100)).filter(e -> !(e instanceof WebClientResponseException.NotFound)))
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> new ApiException(ErrorCode.UNAVAILABLE, "session-service is not reachable: " + rootMessage(e)));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
