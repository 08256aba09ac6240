package org.personacollab.generation.web;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.domain.GenerationRequest;
import org.personacollab.generation.domain.GenerationRunner;
import org.personacollab.platform.web.ApiException;
import org.personacollab.platform.web.SessionDirectory;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/sessions/{id}/generations}: starts a generation in a session and answers 202
 * with its id; the text then streams to the session's sockets. 404 {@code session_not_found},
 * 409 {@code generation_in_progress}, 400 {@code validation_failed}.
 */
@RestController
public class GenerationController {
  private final GenerationRunner runner;
  private final SessionDirectory sessions;

  public GenerationController(GenerationRunner runner, SessionDirectory sessions) {
    this.runner = runner;
    this.sessions = sessions;
  }

  @PostMapping("/api/sessions/{sessionId}/generations")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Mono<GenerationStarted> start(
      @PathVariable String sessionId,
      @Valid @RequestBody(required = false) @Nullable StartGenerationRequest body,
      @RequestHeader(name = "X-Persona-User", required = false) @Nullable String userHeader) {
    StartGenerationRequest request = body == null ? new StartGenerationRequest(null, null, null) : body;
    String user = request.userId() != null ? request.userId() : userHeader != null ? userHeader : "anonymous";
    var generation =
        new GenerationRequest(sessionId, user, request.count() == null ? 1 : request.count(), request.dataset());
    return sessions
        .exists(sessionId)
        .flatMap(
            exists ->
                exists
                    ? runner.start(generation)
                    : Mono.error(new ApiException(ErrorCode.SESSION_NOT_FOUND, "There is no session with id " + sessionId + ".")))
        .map(id -> new GenerationStarted(id, sessionId, "started"));
  }
}
