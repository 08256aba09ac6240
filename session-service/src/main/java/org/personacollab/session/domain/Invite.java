package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the session keeps about an invite it issued (the invite itself is a signed token the
 * facilitator hands out; see {@code TokenIssuer}):
 *
 * <pre>
 * {"jti":"inv-7Qm2xK9dPq","session_id":"k3v9x2m7qa","role":"editor","created_by":"dev:alice",
 *  "created_at":"2025-01-15T09:00:00Z","expires_at":"2025-01-16T09:00:00Z","revoked":false}
 * </pre>
 */
public record Invite(
    String jti,
    @JsonProperty("session_id") String sessionId,
    Role role,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("expires_at") Instant expiresAt,
    boolean revoked) {

  public Invite {
    if (!expiresAt.isAfter(createdAt)) throw new IllegalArgumentException("an invite must expire after it was created");
  }

  /** This invite, revoked. */
  public Invite asRevoked() {
    return new Invite(jti, sessionId, role, createdBy, createdAt, expiresAt, true);
  }

  /** True once {@code now} is at or past the expiry. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
