package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * A participant's role in a session, strongest first. The creator is the {@link #FACILITATOR};
 * invites make {@link #EDITOR}s and {@link #VIEWER}s. On the wire: {@code "facilitator"},
 * {@code "editor"}, {@code "viewer"}.
 */
public enum Role {
  /** Runs the workshop: invites, changes roles, removes participants, closes the session. */
  FACILITATOR,
  /** Edits the persona and starts generations. */
  EDITOR,
  /** Reads along; may not send ops, edits or generations. */
  VIEWER;

  /** The wire name, e.g. {@code "editor"}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True if this role may do what {@code required} may ({@code FACILITATOR} covers everything). */
  public boolean covers(Role required) {
    return ordinal() <= required.ordinal();
  }

  /** The role with that wire name; empty for anything else (case matters: {@code "Editor"} is not one). */
  public static Optional<Role> fromWire(String wire) {
    for (Role role : values()) {
      if (role.wire().equals(wire)) return Optional.of(role);
    }
    return Optional.empty();
  }

  @JsonCreator
  static Role json(String wire) {
    return fromWire(wire).orElseThrow(() -> new IllegalArgumentException("unknown role: " + wire));
  }
}
