package org.personacollab.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Starts and cancels generations in generation-service over HTTP on behalf of a socket's
 * {@code generate} and {@code cancel_generation} frames, with the socket's own token (so
 * generation-service decides who may). A refusal comes back as an {@link ApiException} with generation-service's own code
 * ({@code generation_in_progress}, …) so the socket can show it as it is.
 */
public final class GenerationClient {
  private final WebClient client;
  private final PersonaProperties.Services services;

  public GenerationClient(WebClient.Builder builder, PersonaProperties.Services services) {
    this.client = builder.baseUrl(services.generationUrl().toString()).build();
    this.services = services;
  }

  /** Starts a generation as the holder of {@code token} (a session token); emits its id. */
  public Mono<String> start(String sessionId, String token, @Nullable Integer count, @Nullable String dataset) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (count != null) body.put("count", count);
    if (dataset != null) body.put("dataset", dataset);
    return client
        .post()
        .uri("/api/sessions/{id}/generations", sessionId)
        .header(org.springframework.http.HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .retrieve()
        .bodyToMono(JsonNode.class)
        .map(json -> json.path("generation_id").asString())
        .timeout(services.timeout())
        .onErrorMap(WebClientResponseException.class, GenerationClient::fromProblem)
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> new ApiException(ErrorCode.UNAVAILABLE, "generation-service is not reachable; try again shortly."));
  }

  /**
   * Cancels a generation as the holder of {@code token}: {@code generationId}, or the one running
   * now when it is {@code "current"}. Errors with generation-service's refusal
   * ({@code generation_not_found}, {@code generation_finished}, {@code forbidden}, …).
   */
  public Mono<Void> cancel(String sessionId, String token, String generationId) {
    return client
        .delete()
        .uri("/api/sessions/{id}/generations/{generationId}", sessionId, generationId)
        .header(org.springframework.http.HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .retrieve()
        .toBodilessEntity()
        .then()
        .timeout(services.timeout())
        .onErrorMap(WebClientResponseException.class, GenerationClient::fromProblem)
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> new ApiException(ErrorCode.UNAVAILABLE, "generation-service is not reachable; try again shortly."));
  }

  private static ApiException fromProblem(WebClientResponseException e) {
    try {
      JsonNode problem = tools.jackson.databind.json.JsonMapper.shared().readTree(e.getResponseBodyAsString());
      ErrorCode code = ErrorCode.fromCode(problem.path("code").asString("")).orElse(ErrorCode.GENERATION_FAILED);
      String detail = problem.path("detail").asString(code.message());
      return new ApiException(code, detail);
    } catch (RuntimeException parse) {
      return new ApiException(ErrorCode.GENERATION_FAILED, "generation-service answered " + e.getStatusCode());
    }
  }
}
