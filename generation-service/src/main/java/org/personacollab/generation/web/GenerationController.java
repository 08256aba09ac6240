package org.personacollab.generation.web;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.domain.GenerationRequest;
import org.personacollab.generation.domain.GenerationRunner;
import org.personacollab.generation.security.SessionAccessClient;
import org.personacollab.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/sessions/{id}/generations}: starts a generation in a session and answers 202
 * with its id; the text then streams to the session's sockets. Needs a session token for that
 * session (else 403 {@code not_a_participant}) whose holder is, as session-service says now, an
 * active participant (403 {@code not_a_participant}) with a role that may edit (403
 * {@code forbidden}) of an open session (410 {@code session_closed}); the role written in the
 * token is not enough, since roles change after tokens are issued. 409
 * {@code generation_in_progress}, 400 {@code validation_failed}.
 */
@RestController
public class GenerationController {
  private final GenerationRunner runner;
  private final SessionAccessClient access;

  public GenerationController(GenerationRunner runner, SessionAccessClient access) {
    this.runner = runner;
    this.access = access;
  }

  @PostMapping("/api/sessions/{sessionId}/generations")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Mono<GenerationStarted> start(
      @PathVariable String sessionId,
      @Valid @RequestBody(required = false) @Nullable StartGenerationRequest body,
      @AuthenticationPrincipal Jwt token) {
    if (!"session".equals(token.getClaimAsString("typ")) || !sessionId.equals(token.getClaimAsString("sid"))) {
      return Mono.error(new ApiException(ErrorCode.NOT_A_PARTICIPANT, "This token is not for session " + sessionId + "."));
    }
    StartGenerationRequest request = body == null ? new StartGenerationRequest(null, null) : body;
    var generation =
        new GenerationRequest(
            sessionId,
            token.getSubject(),
            request.count() == null ? 1 : request.count(),
            request.dataset(),
            request.provider(),
            request.model());
    return access
        .requireEditor(sessionId, token.getSubject(), token.getTokenValue())
        .then(Mono.defer(() -> runner.start(generation)))
        .map(id -> new GenerationStarted(id, sessionId, "started"));
  }
}
