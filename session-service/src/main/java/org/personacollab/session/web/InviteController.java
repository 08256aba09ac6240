package org.personacollab.session.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.session.config.SessionServiceProperties;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.Invite;
import org.personacollab.session.domain.Role;
import org.personacollab.session.domain.SessionService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/sessions/{id}/invites}: share links, all for the facilitator.
 *
 * <ul>
 *   <li>{@code POST …/invites {"role":"editor","expires_in":"PT24H"}} → 201 {@link InviteResponse}:
 *       the invite token and the link {@code <persona.public-url>/?invite=<token>}.
 *   <li>{@code GET …/invites} → 200 the invites that have not expired, revoked ones marked.
 *   <li>{@code DELETE …/invites/{jti}} → 204; joining with it is then refused
 *       {@code invite_revoked}. Revoking twice is fine; an unknown or expired one is 404
 *       {@code not_found}.
 * </ul>
 */
@RestController
@RequestMapping("/api/sessions/{id}/invites")
@Tag(name = "invites", description = "Share links (invite tokens)")
public class InviteController {
  static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

  private final SessionService sessions;
  private final SessionServiceProperties properties;

  public InviteController(SessionService sessions, SessionServiceProperties properties) {
    this.sessions = sessions;
    this.properties = properties;
  }

  @PostMapping
  @Operation(summary = "Create an invite (share link)", description = "Needs the facilitator's session token. "
      + "`role`: editor (default) or viewer; `expires_in`: ISO-8601 duration, default PT24H, at most persona.auth.invite-max-ttl.")
  @ApiResponse(responseCode = "201", description = "The invite token and link")
  @ApiResponse(responseCode = "400", description = "`validation_failed` (role, expires_in)")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`, `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  @ApiResponse(responseCode = "410", description = "`session_closed`")
  public Mono<ResponseEntity<InviteResponse>> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) InviteRequest request) {
    String roleName = request == null || request.role() == null ? Role.EDITOR.wire() : request.role();
    Role role = Role.fromWire(roleName).orElse(null);
    if (role == null) return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "role: must be editor or viewer"));
    Duration expiresIn;
    try {
      expiresIn = request == null || request.expiresIn() == null ? DEFAULT_EXPIRY : Duration.parse(request.expiresIn());
    } catch (DateTimeParseException e) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED,
          "expires_in: must be an ISO-8601 duration such as PT24H or P7D, was \"" + request.expiresIn() + "\""));
    }
    return sessions.invite(caller, id, role, expiresIn)
        .map(created -> {
          Invite invite = created.invite();
          var body = new InviteResponse(invite.jti(), invite.role(), invite.expiresAt(), created.token(), properties.inviteLink(created.token()));
          return ResponseEntity.created(URI.create("/api/sessions/" + id + "/invites/" + invite.jti())).body(body);
        })
        .contextWrite(SessionLogContext.of(id));
  }

  @GetMapping
  @Operation(summary = "The session's invites that have not expired", description = "Needs the facilitator's session token.")
  @ApiResponse(responseCode = "200", description = "The invites, oldest first, revoked ones marked")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`, `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`")
  public Mono<List<Invite>> list(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return sessions.invites(caller, id).collectList().contextWrite(SessionLogContext.of(id));
  }

  @DeleteMapping("/{jti}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke an invite", description = "Needs the facilitator's session token. Joining with it is refused `invite_revoked` until it expires.")
  @ApiResponse(responseCode = "204", description = "Revoked (or it was already)")
  @ApiResponse(responseCode = "401", description = "`unauthorized`, `token_expired`")
  @ApiResponse(responseCode = "403", description = "`forbidden`, `not_a_participant`")
  @ApiResponse(responseCode = "404", description = "`session_not_found`, `not_found` (no such invite, or it expired)")
  @ApiResponse(responseCode = "410", description = "`session_closed`")
  public Mono<Void> revoke(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String jti) {
    return sessions.revokeInvite(caller, id, jti).contextWrite(SessionLogContext.of(id));
  }
}
