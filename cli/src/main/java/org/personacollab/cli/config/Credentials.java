package org.personacollab.cli.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The contents of {@code credentials.json}: who is signed in where, and the session tokens this
 * user holds. Immutable; the {@code with...} methods return changed copies.
 *
 * <pre>
 * {"server":"http://localhost:8080","user_id":"dev:alice","user_name":"alice",
 *  "token":"eyJ…","expires_at":"2025-01-15T21:00:00Z",
 *  "sessions":{"k3v9x2m7qa":{"name":"Workshop 2025-01-15","role":"facilitator","token":"eyJ…",
 *                           "expires_at":"2025-01-15T21:00:00Z"}}}
 * </pre>
 *
 * @param server the base URL of the gateway, without a trailing slash
 * @param userId the user id the server gave ({@code dev:alice})
 * @param userName the display name
 * @param token the user token ({@code typ: user})
 * @param expiresAt when the user token expires (ISO-8601, as the server sent it)
 * @param sessions session tokens by session id
 */
public record Credentials(
    String server,
    @JsonProperty("user_id") String userId,
    @JsonProperty("user_name") String userName,
    String token,
    @JsonProperty("expires_at") String expiresAt,
    Map<String, SessionToken> sessions) {

  public Credentials {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(userId, "user_id");
    Objects.requireNonNull(userName, "user_name");
    Objects.requireNonNull(token, "token");
    expiresAt = expiresAt == null ? "" : expiresAt;
    sessions = sessions == null ? Map.of() : Map.copyOf(sessions);
  }

  /** A fresh sign-in: no session tokens yet. */
  public static Credentials signedIn(String server, String userId, String userName, String token, String expiresAt) {
    return new Credentials(server, userId, userName, token, expiresAt, Map.of());
  }

  /** The session token for {@code sessionId}, or null. */
  public @Nullable SessionToken session(String sessionId) {
    return sessions.get(sessionId);
  }

  /** A copy holding {@code grant} for {@code sessionId} (replacing an earlier one). */
  public Credentials withSession(String sessionId, SessionToken grant) {
    Map<String, SessionToken> copy = new LinkedHashMap<>(sessions);
    copy.put(sessionId, grant);
    return new Credentials(server, userId, userName, token, expiresAt, copy);
  }

  /** A copy without a token for {@code sessionId}. */
  public Credentials withoutSession(String sessionId) {
    Map<String, SessionToken> copy = new LinkedHashMap<>(sessions);
    copy.remove(sessionId);
    return new Credentials(server, userId, userName, token, expiresAt, copy);
  }

  /** Never prints tokens. */
  @Override
  public String toString() {
    return "Credentials[" + userId + " at " + server + ", sessions " + sessions.keySet() + "]";
  }

  /**
   * A session token ({@code typ: session}): good for everything about one session, and for its
   * WebSocket.
   *
   * @param name the session's name, for messages
   * @param role the role it was issued with ({@code facilitator}, {@code editor}, {@code viewer})
   * @param token the JWT
   * @param expiresAt when it expires (ISO-8601)
   */
  public record SessionToken(String name, String role, String token, @JsonProperty("expires_at") String expiresAt) {
    public SessionToken {
      Objects.requireNonNull(token, "token");
      name = name == null ? "" : name;
      role = role == null ? "" : role;
      expiresAt = expiresAt == null ? "" : expiresAt;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
      return "SessionToken[" + name + ", " + role + "]";
    }
  }
}
