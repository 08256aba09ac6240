package org.personacollab.session.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.personacollab.session.domain.Role;
import org.personacollab.session.domain.Session;
import org.personacollab.session.domain.SessionService;

/**
 * The answer to create and join: a session token for the caller, their role and the session.
 *
 * <pre>
 * {"token":"eyJ…","token_type":"Bearer","expires_at":"2025-01-15T21:00:00Z",
 *  "user":{"id":"dev:bob","name":"Bob"},"role":"editor",
 *  "session":{"id":"k3v9x2m7qa","name":"Workshop 2025-01-15","created_at":…,"created_by":"dev:alice","status":"active"}}
 * </pre>
 */
public record SessionGrantResponse(
    String token,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_at") Instant expiresAt,
    UserView user,
    Role role,
    Session session) {

  static SessionGrantResponse of(SessionService.Grant grant) {
    return new SessionGrantResponse(
        grant.token().token(),
        "Bearer",
        grant.token().expiresAt(),
        new UserView(grant.participant().userId(), grant.participant().name()),
        grant.participant().role(),
        grant.session());
  }
}
