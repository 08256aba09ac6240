package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.ot.Path;
import org.personacollab.ot.Position;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Where another participant is (see {@link PresenceUpdate}), with who they are:
 * {@code {"type":"presence","user_id":"u-bob","client_id":"c…","name":"Bob","color":"#2f7ed8",
 * "focus":["name"],"caret":3,"v":12,"ts":…}}. {@code focus} null: the participant left the field.
 */
public record PresenceFrame(
    @JsonProperty("user_id") String userId,
    @JsonProperty("client_id") String clientId,
    String name,
    String color,
    @Nullable JsonNode focus,
    @Nullable Integer caret,
    @Nullable List<Integer> selection,
    long v,
    long ts)
    implements ServerFrame {
  public PresenceFrame {
    if (selection != null) selection = List.copyOf(selection);
  }

  /**
   * This entry one version later: {@code focus}, {@code caret} and {@code selection} moved through
   * {@code op}, the op sequenced at {@link #v()} ({@link Json0#transformPosition}: list inserts,
   * deletes and moves shift indexes in the focus, text inserted before the caret pushes it right,
   * a delete around it moves it to the start of the deletion). If the op removes or replaces the
   * focused field, or does not fit it, the entry is nowhere (no focus, caret or selection).
   */
  public PresenceFrame through(Op op) {
    if (focus == null || !focus.isArray()) return at(v + 1);
    Path path;
    try {
      List<Object> elements = new ArrayList<>();
      for (JsonNode seg : focus) elements.add(seg.isIntegralNumber() ? (Object) seg.asInt() : seg.asString());
      path = new Path(elements);
      Optional<Position> moved = Json0.transformPosition(path, caret == null ? 0 : caret, op);
      if (moved.isEmpty()) return nowhere(v + 1);
      List<Integer> sel = null;
      if (selection != null) {
        int start = Json0.transformPosition(path, selection.get(0), op).map(Position::offset).orElse(0);
        int end = Json0.transformPosition(path, selection.get(1), op).map(Position::offset).orElse(start);
        sel = List.of(start, Math.max(start, end));
      }
      ArrayNode newFocus = JsonNodeFactory.instance.arrayNode();
      for (Object e : moved.get().path().elements()) {
        if (e instanceof Integer i) newFocus.add(i);
        else newFocus.add((String) e);
      }
      return new PresenceFrame(userId, clientId, name, color, newFocus, caret == null ? null : moved.get().offset(), sel, v + 1, ts);
    } catch (OtException | IllegalArgumentException e) {
      return nowhere(v + 1);
    }
  }

  /** The same entry at another version, unchanged. */
  public PresenceFrame at(long version) {
    return new PresenceFrame(userId, clientId, name, color, focus, caret, selection, version, ts);
  }

  /** The same participant in no field (focus, caret and selection gone) at {@code version}. */
  public PresenceFrame nowhere(long version) {
    return new PresenceFrame(userId, clientId, name, color, null, null, null, version, ts);
  }
}
