package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The facilitator changed a participant's role: {@code {"type":"role_changed","user_id":"u-bob","role":"viewer","ts":…}}. */
public record RoleChanged(@JsonProperty("user_id") String userId, String role, long ts) implements ServerFrame {
  public RoleChanged {
    if (!Roles.isRole(role)) throw new IllegalArgumentException("role must be facilitator, editor or viewer, got " + role);
  }
}
