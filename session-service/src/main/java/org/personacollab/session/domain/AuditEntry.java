package org.personacollab.session.domain;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What session-service tells the sequencer for the session's durable history (ADR 8): a lifecycle
 * event for the audit log, or the persona a session starts from as its first change.
 */
public sealed interface AuditEntry {
  /** The session the entry belongs to (the Kafka key). */
  String sessionId();

  /**
   * A lifecycle event, e.g. {@code participant.joined} with
   * {@code {"user_id":"dev:bob","name":"Bob","role":"editor","via":"invite","invite":"inv-…"}}.
   *
   * @param actor the user id of who caused it, or {@link SessionService#AGENT} for the service
   *     itself (a close for inactivity)
   * @param data values are strings, numbers, booleans or JSON trees
   */
  record Event(String sessionId, String actor, Instant at, String type, Map<String, Object> data) implements AuditEntry {
    public Event {
      if (!type.matches("[a-z][a-z_.]{1,63}")) throw new IllegalArgumentException("event type like participant.joined expected: " + type);
      data = Map.copyOf(data);
    }
  }

  /** The whole document a new session starts from, authored by its facilitator. */
  record InitialDocument(String sessionId, String userId, Instant at, JsonNode persona) implements AuditEntry {
    public InitialDocument {
      if (!persona.isObject()) throw new IllegalArgumentException("a persona is a JSON object");
    }
  }
}
