package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of a session. */
public enum SessionStatus {
  ACTIVE,
  CLOSED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
