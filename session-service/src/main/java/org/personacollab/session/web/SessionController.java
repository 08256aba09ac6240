package org.personacollab.session.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.Session;
import org.personacollab.session.domain.SessionService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/sessions}: create, list, read, join, leave and close sessions. Every route needs a
 * bearer token (401 {@code unauthorized} / {@code token_expired} without a valid one); which one
 * is said per route. The full list with examples is in {@code docs/api/sessions.md}.
 *
 * <ul>
 *   <li>{@code POST /api/sessions} (user token) {@code {"name", "persona"?, "settings"?}} → 201
 *       {@link SessionGrantResponse} with the facilitator's session token and a
 *       {@code Location}; 400 {@code validation_failed}; 409 {@code session_limit_reached}.
 *   <li>{@code GET /api/sessions?offset=0&limit=50&participant=dev:bob} (any token) → 200
 *       {@link SessionPage} of active sessions, newest first.
 *   <li>{@code GET /api/sessions/{id}} (session token for it) → 200 {@link SessionDetails};
 *       403 {@code forbidden} / {@code not_a_participant}; 404 {@code session_not_found}.
 *   <li>{@code POST /api/sessions/{id}/join} (user token) {@code {"invite"?}} → 200
 *       {@link SessionGrantResponse}; 403 {@code invite_invalid} / {@code invite_expired} /
 *       {@code invite_revoked} / {@code not_a_participant}; 409 {@code session_full}; 410
 *       {@code session_closed}.
 *   <li>{@code POST /api/sessions/{id}/leave} (session token) → 204.
 *   <li>{@code POST /api/sessions/{id}/close} (facilitator's session token) → 200 the closed
 *       session; 410 {@code session_closed} if it was closed already.
 * </ul>
 */
@RestController
@RequestMapping("/api/sessions")
@Tag(name = "sessions", description = "Create, list, read, join, leave and close sessions")
public class SessionController {
  static final int MAX_PAGE = 100;

  private final SessionService sessions;

  public SessionController(SessionService sessions) {
    this.sessions = sessions;
  }

  @PostMapping
  @Operation(summary = "Create a session; the caller becomes its facilitator",
      description = "Needs a user token. `persona` (a JSON object) becomes the document's first change; `settings` is kept as given.")
  @ApiResponse(responseCode = "201", description = "The facilitator's session token and the session")
  @ApiResponse(responseCode = "400", description = "`validation_failed`, `invalid_json`")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`: a session token was sent instead of a user token")
  @ApiResponse(responseCode = "409", description = "`session_limit_reached` (collaboration.server.max_sessions)")
  public Mono<ResponseEntity<SessionGrantResponse>> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateSessionRequest request) {
    JsonNode persona = objectOrNull(request.persona(), "persona");
    JsonNode settings = objectOrNull(request.settings(), "settings");
    return sessions
        .create(caller, request.name().strip(), persona, settings)
        .map(grant -> ResponseEntity.created(URI.create("/api/sessions/" + grant.session().id())).body(SessionGrantResponse.of(grant)));
  }

  private static @Nullable JsonNode objectOrNull(@Nullable JsonNode node, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    if (!node.isObject()) throw new ApiException(ErrorCode.VALIDATION_FAILED, field + ": must be a JSON object");
    return node;
  }

  @GetMapping
  @Operation(summary = "Active sessions, newest first",
      description = "Any valid token. `participant` keeps the sessions in which that user id is an active participant.")
  @ApiResponse(responseCode = "200", description = "A page of sessions and the total")
  @ApiResponse(responseCode = "400", description = "`validation_failed` (offset below 0, limit outside 1-100)")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  public Mono<SessionPage> list(
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "50") int limit,
      @Parameter(description = "a user id, e.g. dev:alice") @RequestParam(required = false) @Nullable String participant) {
    if (offset < 0) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "offset: must be 0 or more"));
    }
    if (limit < 1 || limit > MAX_PAGE) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "limit: must be between 1 and " + MAX_PAGE));
    }
    if (participant != null && participant.isBlank()) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "participant: must be a user id such as dev:alice"));
    }
    return sessions.list(offset, limit, participant).map(page -> new SessionPage(page.sessions(), page.total(), offset, limit));
  }

  @GetMapping("/{id}")
  @Operation(summary = "A session and its active participants", description = "Needs a session token for this session.")
  @ApiResponse(responseCode = "200", description = "The session (active or closed) with its participants")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden` (not a session token for this session), `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  public Mono<SessionDetails> get(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return sessions.details(caller, id).map(SessionDetails::of).contextWrite(SessionLogContext.of(id));
  }

  @PostMapping("/{id}/join")
  @Operation(summary = "Join with an invite, or come back without one",
      description = "Needs a user token. With `invite`: joins with the invite's role. Without: only a participant (or one who left) "
          + "comes back, with the role they had. An active participant gets a fresh session token.")
  @ApiResponse(responseCode = "200", description = "The caller's session token, role and the session")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`invite_invalid` (malformed, forged, other session), `invite_expired`, `invite_revoked`, "
      + "`not_a_participant` (no invite and never joined, or removed), `forbidden` (a session token was sent)")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  @ApiResponse(responseCode = "409", description = "`session_full` (collaboration.server.max_participants_per_session)")
  @ApiResponse(responseCode = "410", description = "`session_closed`")
  public Mono<SessionGrantResponse> join(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) @Nullable JoinRequest request) {
    String invite = request == null || request.invite() == null || request.invite().isBlank() ? null : request.invite();
    return sessions.join(caller, id, invite).map(SessionGrantResponse::of).contextWrite(SessionLogContext.of(id));
  }

  @PostMapping("/{id}/leave")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Leave the session", description = "Needs a session token for this session. The caller may come back without an invite.")
  @ApiResponse(responseCode = "204", description = "Left")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`, `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  @ApiResponse(responseCode = "410", description = "`session_closed`")
  public Mono<Void> leave(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return sessions.leave(caller, id).contextWrite(SessionLogContext.of(id));
  }

  @PostMapping("/{id}/close")
  @Operation(summary = "Close the session", description = "Needs the facilitator's session token. Every socket is told (`session_closed`, reason `closed`).")
  @ApiResponse(responseCode = "200", description = "The closed session")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden` (not the facilitator, or another session's token), `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  @ApiResponse(responseCode = "410", description = "`session_closed`: it was closed already")
  public Mono<Session> close(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return sessions.close(caller, id).contextWrite(SessionLogContext.of(id));
  }
}
