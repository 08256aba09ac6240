package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/**
 * Output of the sequencer on {@code persona.ops}: either a {@link Sequenced} op with its version,
 * or a {@link Rejected} change that the sender must be told about.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OpsRecord.Sequenced.class, name = "op"),
  @JsonSubTypes.Type(value = OpsRecord.Rejected.class, name = "nack"),
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

  /** A change the sequencer refused; nothing was applied. */
  record Rejected(
      @JsonProperty("session_id") String sessionId, String src, long seq, String code, String message)
      implements OpsRecord {}
}
