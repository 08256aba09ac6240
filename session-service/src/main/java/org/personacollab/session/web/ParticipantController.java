package org.personacollab.session.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.Participant;
import org.personacollab.session.domain.Role;
import org.personacollab.session.domain.SessionService;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/sessions/{id}/participants}: who is in a session, and the facilitator's changes.
 *
 * <ul>
 *   <li>{@code GET …/participants} (session token) → 200 the active participants.
 *   <li>{@code PUT …/participants/{userId}/role {"role":"viewer"}} (facilitator) → 200 the
 *       participant; gateways get {@code role_changed}.
 *   <li>{@code DELETE …/participants/{userId}} (facilitator) → 204; gateways get
 *       {@code user_left} with reason {@code removed} and close that user's sockets.
 * </ul>
 *
 * Refusals: 403 {@code forbidden} (not the facilitator, one's own role or removal, the last
 * facilitator), 403 {@code not_a_participant} (the caller), 404 {@code not_found} (the target
 * is not an active participant), 410 {@code session_closed}.
 */
@RestController
@RequestMapping("/api/sessions/{id}/participants")
@Tag(name = "participants", description = "Participants and roles")
public class ParticipantController {
  private final SessionService sessions;

  public ParticipantController(SessionService sessions) {
    this.sessions = sessions;
  }

  @GetMapping
  @Operation(summary = "The active participants, first joined first", description = "Needs a session token for this session.")
  @ApiResponse(responseCode = "200", description = "The participants")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`, `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  public Mono<List<Participant>> list(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return sessions.details(caller, id).map(SessionService.Details::participants).contextWrite(SessionLogContext.of(id));
  }

  @PutMapping("/{userId}/role")
  @Operation(summary = "Change a participant's role", description = "Needs the facilitator's session token; not for one's own role.")
  @ApiResponse(responseCode = "200", description = "The participant with the new role")
  @ApiResponse(responseCode = "400", description = "`validation_failed` (role not facilitator, editor or viewer)")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden` (not the facilitator; own role; the last facilitator), `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`, `not_found` (no such active participant)")
  @ApiResponse(responseCode = "410", description = "`session_closed`")
  public Mono<Participant> changeRole(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @PathVariable String userId,
      @RequestBody RoleRequest request) {
    Role role = request.role() == null ? null : Role.fromWire(request.role()).orElse(null);
    if (role == null) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "role: must be facilitator, editor or viewer"));
    }
    return sessions.changeRole(caller, id, userId, role).contextWrite(SessionLogContext.of(id));
  }

  @DeleteMapping("/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a participant", description = "Needs the facilitator's session token; not oneself (leave instead). "
      + "The removed user needs a new invite to come back.")
  @ApiResponse(responseCode = "204", description = "Removed")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`, `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`, `not_found`")
  @ApiResponse(responseCode = "410", description = "`session_closed`")
  public Mono<Void> remove(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String userId) {
    return sessions.remove(caller, id, userId).contextWrite(SessionLogContext.of(id));
  }
}
