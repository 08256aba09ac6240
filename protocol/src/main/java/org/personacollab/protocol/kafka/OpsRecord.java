package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/**
 * Output of the sequencer on {@code persona.ops}: a {@link Sequenced} op with its version, a
 * {@link Rejected} change the sender must be told about, or a {@link Duplicate}: a change sent
 * again after it was sequenced, which the sender gets acknowledged without a second application.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OpsRecord.Sequenced.class, name = "op"),
  @JsonSubTypes.Type(value = OpsRecord.Rejected.class, name = "nack"),
  @JsonSubTypes.Type(value = OpsRecord.Duplicate.class, name = "ack"),
})
public sealed interface OpsRecord {
  String sessionId();

  String src();

  long seq();

  /**
   * An op in the session's total order: it applies to version {@code v}; after it the document is
   * at {@code v + 1}. {@code op} is json0.
   */
  record Sequenced(
      @JsonProperty("session_id") String sessionId,
      long v,
      String src,
      long seq,
      JsonNode op,
      @JsonProperty("user_id") String userId,
      long ts)
      implements OpsRecord {}

  /** A change sent again (same {@code src}/{@code seq}) that was already sequenced as op {@code v}. */
  record Duplicate(@JsonProperty("session_id") String sessionId, String src, long seq, long v) implements OpsRecord {}

  /** A change the sequencer refused; nothing was applied. */
  record Rejected(
      @JsonProperty("session_id") String sessionId, String src, long seq, String code, String message)
      implements OpsRecord {}
}
