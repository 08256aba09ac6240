package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A participant's last socket closed, or they were removed: {@code reason} is absent for a plain
 * disconnect, {@code left} when they left the session (their sockets are closed with 4403),
 * {@code removed} when the facilitator removed them, {@code session_closed}.
 */
public record UserLeft(@JsonProperty("user_id") String userId, String name, @Nullable String reason, long ts)
    implements ServerFrame {
  public UserLeft {
    if (reason != null && !reason.equals("left") && !reason.equals("removed") && !reason.equals("session_closed")) {
      throw new IllegalArgumentException("reason must be absent, left, removed or session_closed, got " + reason);
    }
  }
}
