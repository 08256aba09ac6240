package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a participant stands. Only {@link #ACTIVE} participants count towards
 * {@code collaboration.server.max_participants_per_session} and may use the session. A participant
 * who {@link #LEFT} may come back without an invite, with the role they had; one who was
 * {@link #REMOVED} by the facilitator needs a new invite.
 */
public enum ParticipantStatus {
  ACTIVE,
  LEFT,
  REMOVED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static ParticipantStatus json(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
