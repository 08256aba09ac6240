package org.personacollab.generation.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.domain.GenerationRequest;
import org.personacollab.generation.domain.GenerationRunner;
import org.personacollab.generation.domain.ResearchRejected;
import org.personacollab.generation.research.ResearchBundle;
import org.personacollab.generation.research.ResearchException;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.research.ResearchLoader;
import org.personacollab.generation.security.SessionAccessClient;
import org.personacollab.platform.web.ApiException;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/sessions/{id}/generations}: starts a generation in a session and answers 202
 * with its id; the text then streams to the session's sockets. Needs a session token for that
 * session (else 403 {@code not_a_participant}) whose holder is, as session-service says now, an
 * active participant (403 {@code not_a_participant}) with a role that may edit (403
 * {@code forbidden}) of an open session (410 {@code session_closed}); the role written in the
 * token is not enough, since roles change after tokens are issued. 409
 * {@code generation_in_progress}, 400 {@code validation_failed}.
 *
 * <p>Two bodies: JSON ({@link StartGenerationRequest}, generating from the server's research data
 * or one of its datasets), or {@code multipart/form-data} bringing the research ({@link
 * ResearchUpload}). An upload is read and checked whole before the generation starts: over a
 * limit is 413 ({@code research_too_many_files}, {@code research_too_large}, {@code
 * research_file_too_large}); files that cannot be used are listed in the 202's {@code problems},
 * or, when no file is usable, 400 {@code validation_failed} lists them. Nothing is started or
 * changed by a refused request.
 *
 * <p>{@code DELETE /api/sessions/{id}/generations/{generationId}} cancels a running generation
 * ({@code current} for the one running now) and answers 200 with {@code {"generation_id":…,
 * "session_id":…,"status":"cancelled","by":…}}. Allowed to the participant who started it and to
 * a facilitator, as session-service says now (else 403 {@code forbidden}); 404
 * {@code generation_not_found}, 409 {@code generation_finished} when it already ended.
 */
@RestController
public class GenerationController {
  private final GenerationRunner runner;
  private final SessionAccessClient access;
  private final ResearchLoader loader;
  private final ResearchLimits limits;
  private final Validator validator;

  public GenerationController(
      GenerationRunner runner, SessionAccessClient access, ResearchLoader loader, ResearchLimits limits, Validator validator) {
    this.runner = runner;
    this.access = access;
    this.loader = loader;
    this.limits = limits;
    this.validator = validator;
  }

  @PostMapping("/api/sessions/{sessionId}/generations")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Mono<GenerationStarted> start(
      @PathVariable String sessionId,
      @Valid @RequestBody(required = false) @Nullable StartGenerationRequest body,
      @AuthenticationPrincipal Jwt token) {
    ApiException wrongToken = checkToken(sessionId, token);
    if (wrongToken != null) return Mono.error(wrongToken);
    StartGenerationRequest request = body == null ? new StartGenerationRequest(null, null) : body;
    var generation =
        new GenerationRequest(
            sessionId, token.getSubject(), request.count() == null ? 1 : request.count(), request.dataset(),
            request.provider(), request.model(), null);
    return access
        .requireEditor(sessionId, token.getSubject(), token.getTokenValue())
        .then(Mono.defer(() -> runner.start(generation)))
        .map(id -> new GenerationStarted(id, sessionId, "started"));
  }

  @PostMapping(path = "/api/sessions/{sessionId}/generations", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Mono<GenerationStarted> upload(
      @PathVariable String sessionId, @RequestBody Flux<PartEvent> parts, @AuthenticationPrincipal Jwt token) {
    ApiException wrongToken = checkToken(sessionId, token);
    if (wrongToken != null) return Mono.error(wrongToken);
    return access
        .requireEditor(sessionId, token.getSubject(), token.getTokenValue())
        .then(ResearchUpload.read(parts, limits))
        .flatMap(
            upload -> {
              StartGenerationRequest fields = fields(upload.fields());
              return Mono.fromCallable(() -> parse(upload))
                  .subscribeOn(Schedulers.boundedElastic())
                  .flatMap(
                      bundle ->
                          runner
                              .start(
                                  new GenerationRequest(
                                      sessionId, token.getSubject(), fields.count() == null ? 1 : fields.count(), null,
                                      fields.provider(), fields.model(), bundle))
                              .map(id -> new GenerationStarted(id, sessionId, "started", bundle.problems())));
            });
  }

  /** A refused upload's problem, with the unusable files listed as {@code problems} when there are any. */
  @ExceptionHandler(ResearchRejected.class)
  ResponseEntity<ProblemDetail> rejected(ResearchRejected e) {
    ProblemDetail problem = ProblemHandler.problem(e.code(), e.getMessage());
    if (!e.problems().isEmpty()) problem.setProperty("problems", e.problems());
    return ResponseEntity.status(e.code().httpStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static @Nullable ApiException checkToken(String sessionId, Jwt token) {
    if (!"session".equals(token.getClaimAsString("typ")) || !sessionId.equals(token.getClaimAsString("sid"))) {
      return new ApiException(ErrorCode.NOT_A_PARTICIPANT, "This token is not for session " + sessionId + ".");
    }
    return null;
  }

  /** The form fields as a validated request (400 {@code validation_failed} naming each bad field). */
  private StartGenerationRequest fields(Map<String, String> fields) {
    Integer count = null;
    String rawCount = fields.get("count");
    if (rawCount != null) {
      try {
        count = Integer.valueOf(rawCount);
      } catch (NumberFormatException e) {
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "count: must be a whole number from 1 to 5, not \"" + rawCount + "\"");
      }
    }
    StartGenerationRequest request = new StartGenerationRequest(count, null, blankToNull(fields.get("provider")), blankToNull(fields.get("model")));
    List<String> violations =
        validator.validate(request).stream()
            .map((ConstraintViolation<StartGenerationRequest> v) -> v.getPropertyPath() + ": " + v.getMessage())
            .sorted()
            .collect(Collectors.toList());
    if (!violations.isEmpty()) {
      throw new ApiException(ErrorCode.VALIDATION_FAILED, String.join("; ", violations));
    }
    return request;
  }

  private ResearchBundle parse(ResearchUpload.Upload upload) {
    try {
      return loader.parseAll(upload.files());
    } catch (ResearchException e) {
      throw ResearchRejected.of(e);
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @DeleteMapping("/api/sessions/{sessionId}/generations/{generationId}")
  public Mono<GenerationCancelledResponse> cancel(
      @PathVariable String sessionId, @PathVariable String generationId, @AuthenticationPrincipal Jwt token) {
    if (!"session".equals(token.getClaimAsString("typ")) || !sessionId.equals(token.getClaimAsString("sid"))) {
      return Mono.error(new ApiException(ErrorCode.NOT_A_PARTICIPANT, "This token is not for session " + sessionId + "."));
    }
    if (!generationId.matches("[A-Za-z0-9_-]{1,64}")) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "Not a generation id: \"" + generationId + "\"."));
    }
    return access
        .role(sessionId, token.getSubject(), token.getTokenValue())
        .flatMap(role -> runner.cancel(sessionId, generationId, token.getSubject(), "facilitator".equals(role)))
        .map(frame -> new GenerationCancelledResponse(frame.generationId(), sessionId, "cancelled", frame.by()));
  }
}
