package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A client's change on its way to the sequencer, in one of two forms:
 *
 * <ul>
 *   <li><b>a field edit</b> ({@code path} and {@code value}): set the value at {@code path} in the
 *       document as the sequencer finds it (last write wins). An empty {@code path} replaces the
 *       whole document; {@code value} {@code null} removes the field.
 *   <li><b>a json0 op</b> ({@code op} made against version {@code v}): the sequencer transforms it
 *       past the ops the client had not seen (conflict_resolution {@code ot}).
 * </ul>
 *
 * {@code src} is the client id of the connection (or {@code agent:<service>:<id>} for a service),
 * {@code seq} its per-client counter; together they identify the change for its ack and for
 * duplicate detection.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EditRecord(
    @JsonProperty("session_id") String sessionId,
    String src,
    long seq,
    @JsonProperty("user_id") String userId,
    long ts,
    @Nullable List<Object> path,
    @Nullable JsonNode value,
    @Nullable Long v,
    @Nullable JsonNode op) {
  public EditRecord {
    if (sessionId == null || sessionId.isBlank()) throw new IllegalArgumentException("session_id is required");
    if (src == null || src.isBlank()) throw new IllegalArgumentException("src is required");
    if (userId == null) throw new IllegalArgumentException("user_id is required");
    // The form is decided by path (edit) or v (op). A JsonNode field that is absent on the wire
    // may arrive as a null or missing node, so the other form's node is normalised to null.
    boolean edit = path != null;
    boolean json0 = v != null;
    if (edit == json0) throw new IllegalArgumentException("an edit has either path and value, or v and op");
    if (edit) {
      if (value == null || value.isMissingNode()) throw new IllegalArgumentException("value is required");
      for (Object seg : path) {
        if (!(seg instanceof String) && !(seg instanceof Integer)) {
          throw new IllegalArgumentException("path segments must be strings or integers: " + path);
        }
      }
      path = List.copyOf(path);
      op = null;
    } else {
      if (v < 0) throw new IllegalArgumentException("v must be a version >= 0");
      if (op == null || !op.isArray()) throw new IllegalArgumentException("op must be a json0 op (a list)");
      value = null;
    }
  }

  /** A field edit. */
  public static EditRecord edit(String sessionId, String src, long seq, String userId, long ts, List<Object> path, JsonNode value) {
    return new EditRecord(sessionId, src, seq, userId, ts, path, value, null, null);
  }

  /** A json0 op made against version {@code v}. */
  public static EditRecord op(String sessionId, String src, long seq, String userId, long ts, long v, JsonNode op) {
    return new EditRecord(sessionId, src, seq, userId, ts, null, null, v, op);
  }

  /** True for the json0 form. (Not named isOp: Jackson would take it for the "op" property.) */
  public boolean carriesOp() {
    return op != null;
  }
}
