package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A client's change, on its way to the sequencer: set the value at {@code path} (last write
 * wins). An empty {@code path} replaces the whole document. {@code src} is the client id of the
 * connection (or {@code agent:<service>} for a service), {@code seq} its per-client counter;
 * together they identify the change for its ack. {@code value} {@code null} removes the field.
 */
public record EditRecord(
    @JsonProperty("session_id") String sessionId,
    String src,
    long seq,
    @JsonProperty("user_id") String userId,
    long ts,
    List<Object> path,
    JsonNode value) {
  public EditRecord {
    if (sessionId == null || sessionId.isBlank()) throw new IllegalArgumentException("session_id is required");
    if (src == null || src.isBlank()) throw new IllegalArgumentException("src is required");
    if (userId == null) throw new IllegalArgumentException("user_id is required");
    if (path == null) throw new IllegalArgumentException("path is required");
    if (value == null) throw new IllegalArgumentException("value is required");
    for (Object seg : path) {
      if (!(seg instanceof String) && !(seg instanceof Integer)) {
        throw new IllegalArgumentException("path segments must be strings or integers: " + path);
      }
    }
    path = List.copyOf(path);
  }
}
