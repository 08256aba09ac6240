package org.personacollab.session.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.personacollab.session.domain.Role;

/**
 * A new invite: its id (to revoke it), role, expiry, the token and the link to share.
 *
 * <pre>
 * {"jti":"inv-7Qm2xK9dPq4R","role":"editor","expires_at":"2025-01-16T09:00:00Z","token":"eyJ…",
 *  "link":"http://localhost:8080/?invite=eyJ…"}
 * </pre>
 */
public record InviteResponse(String jti, Role role, @JsonProperty("expires_at") Instant expiresAt, String token, String link) {}
