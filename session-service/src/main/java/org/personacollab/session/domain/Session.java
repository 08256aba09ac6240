package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A workshop session. {@code id} is short and URL-safe (it appears in share links and in
 * {@code persona session join abc123}); {@code name} is what people see; {@code created_by} is the
 * user id of the facilitator who created it; {@code settings} is a JSON object the creator gave
 * (free-form, kept as given).
 *
 * <pre>
 * {"id":"k3v9x2m7qa","name":"Workshop 2025-01-15","created_at":"2025-01-15T09:00:00Z",
 *  "created_by":"dev:alice","status":"active","settings":{"template":"b2b"}}
 * {"id":"k3v9x2m7qa",…,"status":"closed","closed_at":"2025-01-15T12:00:00Z","close_reason":"timeout"}
 * </pre>
 *
 * {@code close_reason} is {@code closed} (the facilitator closed it) or {@code timeout} (no
 * activity for {@code collaboration.session.timeout_minutes}).
 */
public record Session(
    String id,
    String name,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("created_by") @Nullable String createdBy,
    SessionStatus status,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JsonNode settings,
    @JsonProperty("closed_at") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant closedAt,
    @JsonProperty("close_reason") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String closeReason) {
  /** The longest name accepted. */
  public static final int MAX_NAME_LENGTH = 200;

  public Session {
    if (!SessionIds.isValid(id)) throw new IllegalArgumentException("invalid session id: " + id);
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("session name must be 1-" + MAX_NAME_LENGTH + " characters");
    }
    if (settings != null && !settings.isObject()) throw new IllegalArgumentException("settings must be a JSON object");
    if ((status == SessionStatus.CLOSED) != (closedAt != null)) {
      throw new IllegalArgumentException("a closed session, and only a closed session, has closed_at");
    }
  }

  /** An active session without settings. */
  public Session(String id, String name, Instant createdAt, @Nullable String createdBy, SessionStatus status) {
    this(id, name, createdAt, createdBy, status, null, null, null);
  }

  /** This session, closed at {@code at} for {@code reason} ({@code closed} or {@code timeout}). */
  public Session closed(String reason, Instant at) {
    return new Session(id, name, createdAt, createdBy, SessionStatus.CLOSED, settings, at, reason);
  }

  /** True while the session can be joined and used. */
  public boolean isActive() {
    return status == SessionStatus.ACTIVE;
  }
}
