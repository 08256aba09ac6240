package org.personacollab.gateway.security;

import java.time.Instant;
import java.util.Locale;

/**
 * Who is on a socket: from a session token whose {@code sid} is the socket's session. The
 * {@code role} is the one the token was issued with; the socket follows later role changes.
 */
public record Identity(String userId, String name, String sessionId, Role role, Instant expiresAt, String token) {
  /** Participant roles. */
  public enum Role {
    FACILITATOR,
    EDITOR,
    VIEWER;

    /** Parses {@code facilitator}, {@code editor}, {@code viewer}. */
    public static Role of(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may change the document or start a generation. */
    public boolean canEdit() {
      return this != VIEWER;
    }
  }
}
