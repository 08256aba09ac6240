package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A workshop session. {@code id} is short and URL-safe (it appears in share links and in
 * {@code persona session join abc123}); {@code name} is what people see.
 *
 * <pre>
 * {"id":"k3v9x2m7qa","name":"Workshop 2025-01-15","created_at":"2025-01-15T09:00:00Z",
 *  "created_by":"alice","status":"active"}
 * </pre>
 */
public record Session(
    String id,
    String name,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("created_by") @Nullable String createdBy,
    SessionStatus status) {
  /** The longest name accepted. */
  public static final int MAX_NAME_LENGTH = 200;

  public Session {
    if (!SessionIds.isValid(id)) throw new IllegalArgumentException("invalid session id: " + id);
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("session name must be 1-" + MAX_NAME_LENGTH + " characters");
    }
  }
}
