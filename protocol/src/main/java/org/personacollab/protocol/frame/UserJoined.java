package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A participant connected to the session (the seed's event):
 * {@code {"type":"user_joined","user_id":"u-alice","name":"Alice","role":"editor","color":"#d9480f","ts":1705312800000}}.
 */
public record UserJoined(
    @JsonProperty("user_id") String userId, String name, String role, String color, long ts)
    implements ServerFrame {
  public UserJoined {
    if (!Roles.isRole(role)) throw new IllegalArgumentException("role must be facilitator, editor or viewer, got " + role);
  }
}
