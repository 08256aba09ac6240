package org.personacollab.session.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Who makes a request, as a validated bearer token says. {@code sessionId} and {@code role} are
 * set for {@link TokenKind#SESSION} tokens only. The role is the one the token was issued with:
 * what a caller may do is decided by the role the session holds for them now, never by this.
 *
 * @param userId {@code dev:alice} for a development login, {@code <issuer host>:<sub>} for an
 *     external issuer's token
 * @param expiresAt when the token expires; session tokens issued to this caller never outlive it
 */
public record Caller(
    String userId, String name, TokenKind kind, @Nullable String sessionId, @Nullable Role role, Instant expiresAt) {

  public Caller {
    if (userId.isBlank()) throw new IllegalArgumentException("userId must not be blank");
    if ((kind == TokenKind.SESSION) != (sessionId != null && role != null)) {
      throw new IllegalArgumentException("a session token, and only a session token, names a session and a role");
    }
  }

  /** A caller identified by a user token. */
  public static Caller user(String userId, String name, Instant expiresAt) {
    return new Caller(userId, name, TokenKind.USER, null, null, expiresAt);
  }

  /** A caller identified by a session token. */
  public static Caller session(String userId, String name, String sessionId, Role role, Instant expiresAt) {
    return new Caller(userId, name, TokenKind.SESSION, sessionId, role, expiresAt);
  }
}
