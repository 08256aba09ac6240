package org.personacollab.session.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A person in a session, stored per session and user id:
 *
 * <pre>
 * {"user_id":"dev:bob","name":"Bob","role":"editor","joined_at":"2025-01-15T09:01:00Z","status":"active"}
 * </pre>
 *
 * {@code joined_at} is when they first joined (kept when they leave and come back).
 */
public record Participant(
    @JsonProperty("user_id") String userId,
    String name,
    Role role,
    @JsonProperty("joined_at") Instant joinedAt,
    ParticipantStatus status) {

  public Participant {
    if (userId.isBlank()) throw new IllegalArgumentException("user_id must not be blank");
  }

  /** An active participant with that role, joined now. */
  public static Participant active(Caller caller, Role role, Instant now) {
    return new Participant(caller.userId(), caller.name(), role, now, ParticipantStatus.ACTIVE);
  }

  /** True if the participant may use the session. */
  public boolean isActive() {
    return status == ParticipantStatus.ACTIVE;
  }
}
