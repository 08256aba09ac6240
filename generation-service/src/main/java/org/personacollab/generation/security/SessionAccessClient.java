package org.personacollab.generation.security;

import java.time.Duration;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks session-service what the holder of a session token may do in its session <em>now</em>:
 * {@code GET /api/sessions/{id}} with the caller's own token. The role in a session token is the
 * one it was issued with; afterwards the facilitator may change it or remove the participant, the
 * participant may leave and the session may close (ADR 7: what a participant may do is decided by
 * the role the session holds now). A generation changes the document, so it needs that answer.
 */
public final class SessionAccessClient {
  private final WebClient client;
  private final Duration timeout;

  public SessionAccessClient(WebClient.Builder builder, PersonaProperties.Services services) {
    this.client = builder.baseUrl(services.sessionUrl().toString()).build();
    this.timeout = services.timeout();
  }

  /**
   * Completes if {@code userId} is an active participant of the open session with a role that may
   * edit; otherwise errors with an {@link ApiException}: {@code session_closed},
   * {@code forbidden} (a viewer), session-service's own refusal ({@code not_a_participant},
   * {@code forbidden}, {@code session_not_found}, …), or {@code unavailable} if it cannot be asked.
   */
  public Mono<Void> requireEditor(String sessionId, String userId, String token) {
    return role(sessionId, userId, token)
        .flatMap(role -> "viewer".equals(role)
            ? Mono.error(new ApiException(ErrorCode.FORBIDDEN, "Viewers cannot start a generation."))
            : Mono.empty());
  }

  /**
   * The role ({@code facilitator}, {@code editor}, {@code viewer}) {@code userId} holds now as an
   * active participant of the open session; errors as {@link #requireEditor} does, except that a
   * viewer is not refused.
   */
  public Mono<String> role(String sessionId, String userId, String token) {
    return client
        .get()
        .uri("/api/sessions/{id}", sessionId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .retrieve()
        .bodyToMono(JsonNode.class)
        .timeout(timeout)
        .retryWhen(Retry.backoff(2, Duration.ofMillis(100)).filter(e -> !(e instanceof WebClientResponseException)))
        .onErrorMap(WebClientResponseException.class, SessionAccessClient::refusal)
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> new ApiException(ErrorCode.UNAVAILABLE, "session-service is not reachable; try again shortly."))
        .flatMap(session -> {
          if ("closed".equals(session.path("status").asString())) {
            return Mono.error(new ApiException(ErrorCode.SESSION_CLOSED, "Session " + sessionId + " was closed."));
          }
          for (JsonNode participant : session.path("participants")) {
            if (userId.equals(participant.path("user_id").asString())) {
              return Mono.just(participant.path("role").asString("viewer"));
            }
          }
          return Mono.error(new ApiException(ErrorCode.NOT_A_PARTICIPANT, "You are not (or no longer) a participant of session " + sessionId + "."));
        });
  }

  private static ApiException refusal(WebClientResponseException e) {
    if (e.getStatusCode().is5xxServerError()) {
      return new ApiException(ErrorCode.UNAVAILABLE, "session-service could not answer; try again shortly.");
    }
    try {
      JsonNode problem = JsonMapper.shared().readTree(e.getResponseBodyAsString());
      ErrorCode code = ErrorCode.fromCode(problem.path("code").asString("")).orElse(ErrorCode.FORBIDDEN);
      return new ApiException(code, problem.path("detail").asString(code.message()));
    } catch (RuntimeException notAProblem) {
      return new ApiException(ErrorCode.FORBIDDEN, "session-service refused: " + e.getStatusCode());
    }
  }
}
