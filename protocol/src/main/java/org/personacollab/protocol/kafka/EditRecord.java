package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A change (or an event) on its way to the sequencer, in one of four forms:
 *
 * <ul>
 *   <li><b>a field edit</b> ({@code path} and {@code value}): set the value at {@code path} in the
 *       document as the sequencer finds it (last write wins). An empty {@code path} replaces the
 *       whole document; {@code value} {@code null} removes the field.
 *   <li><b>a json0 op</b> ({@code op} made against version {@code v}): the sequencer transforms it
 *       past the ops the client had not seen (conflict_resolution {@code ot}).
 *   <li><b>a CRDT update</b> ({@code crdt}, the wire form of {@code CrdtState}): merged into the
 *       session's CRDT state whatever version the client is at (conflict_resolution {@code crdt},
 *       ADR 12).
 *   <li><b>an event</b> ({@code event}): for the audit log, or a workshop command.
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
    @Nullable JsonNode op,
    @Nullable JsonNode event,
    @Nullable JsonNode crdt) {
  /** One of the first three forms (no CRDT update). */
  public EditRecord(
      String sessionId, String src, long seq, String userId, long ts, @Nullable List<Object> path, @Nullable JsonNode value,
      @Nullable Long v, @Nullable JsonNode op, @Nullable JsonNode event) {
    this(sessionId, src, seq, userId, ts, path, value, v, op, event, null);
  }

  public EditRecord {
    if (sessionId == null || sessionId.isBlank()) throw new IllegalArgumentException("session_id is required");
    if (src == null || src.isBlank()) throw new IllegalArgumentException("src is required");
    if (userId == null) throw new IllegalArgumentException("user_id is required");
    // The form is decided by path (edit), v (op) or event. A JsonNode field that is absent on the
    // wire may arrive as a null or missing node, so the other forms' nodes are normalised to null.
    boolean isEvent = event != null && !event.isNull() && !event.isMissingNode();
    boolean isMerge = crdt != null && !crdt.isNull() && !crdt.isMissingNode();
    int forms = (path != null ? 1 : 0) + (v != null ? 1 : 0) + (isEvent ? 1 : 0) + (isMerge ? 1 : 0);
    if (forms != 1) throw new IllegalArgumentException("an edit has exactly one of: path and value, v and op, event, or crdt");
    if (isMerge) {
      if (!crdt.isObject()) throw new IllegalArgumentException("crdt must be an object with \"registers\" and \"sets\"");
      value = null;
      op = null;
      event = null;
    } else if (isEvent) {
      if (!event.isObject() || !event.path("type").isString() || !event.path("type").asString().matches("[a-z][a-z_.]{1,63}")) {
        throw new IllegalArgumentException("event must be an object with a type like \"participant.joined\"");
      }
      if (event.has("data") && !event.get("data").isObject()) throw new IllegalArgumentException("event.data must be an object");
      value = null;
      op = null;
      crdt = null;
    } else if (path != null) {
      if (value == null || value.isMissingNode()) throw new IllegalArgumentException("value is required");
      for (Object seg : path) {
        if (!(seg instanceof String) && !(seg instanceof Integer)) {
          throw new IllegalArgumentException("path segments must be strings or integers: " + path);
        }
      }
      path = List.copyOf(path);
      op = null;
      event = null;
      crdt = null;
    } else {
      if (v < 0) throw new IllegalArgumentException("v must be a version >= 0");
      if (op == null || !op.isArray()) throw new IllegalArgumentException("op must be a json0 op (a list)");
      value = null;
      event = null;
      crdt = null;
    }
  }

  /** A CRDT update (offline mode), numbered {@code seq} like a change. */
  public static EditRecord merge(String sessionId, String src, long seq, String userId, long ts, JsonNode crdt) {
    return new EditRecord(sessionId, src, seq, userId, ts, null, null, null, null, null, crdt);
  }

  /** True for the CRDT form. */
  public boolean carriesMerge() {
    return crdt != null;
  }

  /** A field edit. */
  public static EditRecord edit(String sessionId, String src, long seq, String userId, long ts, List<Object> path, JsonNode value) {
    return new EditRecord(sessionId, src, seq, userId, ts, path, value, null, null, null);
  }

  /** A json0 op made against version {@code v}. */
  public static EditRecord op(String sessionId, String src, long seq, String userId, long ts, long v, JsonNode op) {
    return new EditRecord(sessionId, src, seq, userId, ts, null, null, v, op, null);
  }

  /**
   * An event for the session's audit log, e.g. type {@code participant.joined}; {@code event} is
   * {@code {"type": ..., "data": {...}}}.
   */
  public static EditRecord event(String sessionId, String src, String userId, long ts, JsonNode event) {
    return new EditRecord(sessionId, src, 0, userId, ts, null, null, null, null, event);
  }

  /** True for the event form. */
  public boolean carriesEvent() {
    return event != null;
  }

  /**
   * True for a workshop command: the event form with a type starting {@code workshop.}, which the
   * sequencer runs as a numbered change (ADR 11), not as an audit-only event.
   */
  public boolean carriesWorkshopCommand() {
    return event != null && event.path("type").asString().startsWith("workshop.");
  }

  /** True for the json0 form. (Not named isOp: Jackson would take it for the "op" property.) */
  public boolean carriesOp() {
    return op != null;
  }
}
