package org.personacollab.gateway.web;

import java.time.Duration;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Asks session-service, with the caller's own session token, whether its holder is (still) a
 * participant of the session, with which role, and whether the session is still open:
 * {@code GET /api/sessions/{id}} (the session's {@code status} and its active participants
 * {@code {"user_id","name","role",…}}; refused with 403 {@code forbidden} for a token of another
 * session and {@code not_a_participant} for someone who left or was removed). A token can outlive
 * a removal, a role change and the session itself; this check at connect time, and the session's
 * events afterwards, close that gap.
 *
 * <p>A closed session answers {@link Status.Refused} {@code session_closed}: session-service only
 * shows a session to its active participants, so that answer also says the caller is one (who may
 * still read it, but not open a socket to it).
 */
public final class ParticipantDirectory {
  /** What session-service says about a socket's holder. */
  public sealed interface Status {
    /** A participant with this role. */
    record Participant(Identity.Role role) implements Status {}

    /** Refused with this code (session_not_found, not_a_participant, session_closed, …). */
    record Refused(ErrorCode code, String message) implements Status {}
  }

  private final WebClient client;
  private final Duration timeout;

  public ParticipantDirectory(WebClient.Builder builder, PersonaProperties.Services services) {
    this.client = builder.baseUrl(services.sessionUrl().toString()).build();
    this.timeout = services.timeout();
  }

  /** Errors with {@link ApiException} {@code unavailable} when session-service cannot answer. */
  public Mono<Status> lookup(Identity identity) {
    return client
        .get()
        .uri("/api/sessions/{id}", identity.sessionId())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + identity.token())
        .retrieve()
        .bodyToMono(JsonNode.class)
        .<Status>map(session -> {
          if ("closed".equals(session.path("status").asString())) {
            return new Status.Refused(ErrorCode.SESSION_CLOSED, "Session " + identity.sessionId() + " was closed.");
          }
          for (JsonNode participant : session.path("participants")) {
            if (identity.userId().equals(participant.path("user_id").asString())) {
              return new Status.Participant(Identity.Role.of(participant.path("role").asString("viewer")));
            }
          }
          return new Status.Refused(ErrorCode.NOT_A_PARTICIPANT, ErrorCode.NOT_A_PARTICIPANT.message());
        })
        .onErrorResume(WebClientResponseException.class, e -> refused(e))
        .timeout(timeout)
        .retryWhen(Retry.backoff(2, Duration.ofMillis(100)).filter(e -> !(e instanceof WebClientResponseException)))
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> new ApiException(ErrorCode.UNAVAILABLE, "session-service is not reachable; try again shortly."));
  }

  private static Mono<Status> refused(WebClientResponseException e) {
    if (e.getStatusCode().is5xxServerError()) return Mono.error(e);
    ErrorCode code = ErrorCode.NOT_A_PARTICIPANT;
    String message = ErrorCode.NOT_A_PARTICIPANT.message();
    try {
      JsonNode problem = tools.jackson.databind.json.JsonMapper.shared().readTree(e.getResponseBodyAsString());
      code = ErrorCode.fromCode(problem.path("code").asString("")).orElse(e.getStatusCode().value() == 404 ? ErrorCode.SESSION_NOT_FOUND : code);
      message = problem.path("detail").asString(code.message());
    } catch (RuntimeException parse) {
      if (e.getStatusCode().value() == 404) code = ErrorCode.SESSION_NOT_FOUND;
    }
    return Mono.just(new Status.Refused(code, message));
  }
}
