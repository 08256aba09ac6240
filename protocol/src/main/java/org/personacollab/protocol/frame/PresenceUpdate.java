package org.personacollab.protocol.frame;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Where this participant is: {@code {"type":"presence","focus":["goals",2],"caret":5,"v":12}}.
 * {@code focus} is the json0 path of the field (an array; absent or null: nowhere),
 * {@code caret} a UTF-16 offset in that text field, {@code selection} {@code [start, end]}, and
 * {@code v} the document version they refer to. Not durable: fanned out to the session through
 * Redis, throttled per participant, forgotten 30 s after the last one.
 *
 * <p>Invalid: a {@code focus} that is not an array of keys and indexes, a negative {@code caret},
 * a {@code selection} that is not two offsets with start ≤ end, {@code v} below 0.
 */
public record PresenceUpdate(@Nullable JsonNode focus, @Nullable Integer caret, @Nullable List<Integer> selection, long v)
    implements ClientFrame {
  /** The deepest path a focus may name. */
  public static final int MAX_DEPTH = Edit.MAX_DEPTH;

  public PresenceUpdate {
    if (focus != null && !focus.isNull()) {
      if (!focus.isArray() || focus.size() > MAX_DEPTH) {
        throw new IllegalArgumentException("\"focus\" must be a path: an array of at most " + MAX_DEPTH + " keys and indexes");
      }
      for (JsonNode seg : focus) {
        boolean ok = (seg.isString() && !seg.asString().isEmpty()) || (seg.isIntegralNumber() && seg.canConvertToInt() && seg.asInt() >= 0);
        if (!ok) throw new IllegalArgumentException("\"focus\" segments must be non-empty strings or indexes >= 0, got " + seg);
      }
    } else {
      focus = null;
    }
    if (caret != null && caret < 0) throw new IllegalArgumentException("\"caret\" must be 0 or more, got " + caret);
    if (selection != null) {
      if (selection.size() != 2 || selection.get(0) == null || selection.get(1) == null
          || selection.get(0) < 0 || selection.get(0) > selection.get(1)) {
        throw new IllegalArgumentException("\"selection\" must be [start, end] with 0 <= start <= end");
      }
      selection = List.copyOf(selection);
    }
    if (v < 0) throw new IllegalArgumentException("\"v\" must be 0 or more, got " + v);
  }
}
