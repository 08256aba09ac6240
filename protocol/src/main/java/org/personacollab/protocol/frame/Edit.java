package org.personacollab.protocol.frame;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The seed's field edit, last-write-wins per field:
 * {@code {"type":"edit","path":"demographics.age","value":34}}.
 *
 * <p>{@code path} is a dot-separated string ({@code "demographics.age"}, {@code "goals.2"}) or a
 * JSON array of keys and list indexes ({@code ["goals", 2]}); the empty string or array addresses
 * the whole document. {@code value} is any JSON value; {@code null} removes the field. Valid:
 * {@code "name"}, {@code ["quotes", 0]}. Invalid: {@code 5}, {@code "a..b"}, {@code [true]},
 * a path deeper than {@value #MAX_DEPTH}.
 */
public record Edit(JsonNode path, JsonNode value) implements ClientFrame {
  /** The deepest path an edit may address. */
  public static final int MAX_DEPTH = 32;

  public Edit {
    if (path == null) throw new IllegalArgumentException("\"path\" is required");
    if (value == null) throw new IllegalArgumentException("\"value\" is required (null removes the field)");
    segments(path); // validates
  }

  /** The path as a list of {@code String} keys and {@code Integer} indexes. */
  public List<Object> segments() {
    return segments(path);
  }

  private static List<Object> segments(JsonNode path) {
    List<Object> out = new ArrayList<>();
    if (path.isString()) {
      String text = path.asString();
      if (!text.isEmpty()) {
        for (String part : text.split("\\.", -1)) {
          if (part.isEmpty()) {
            throw new IllegalArgumentException("\"path\" has an empty segment: \"" + text + "\"");
          }
          out.add(part);
        }
      }
    } else if (path.isArray()) {
      for (JsonNode seg : path) {
        if (seg.isString() && !seg.asString().isEmpty()) {
          out.add(seg.asString());
        } else if (seg.isIntegralNumber() && seg.canConvertToInt() && seg.asInt() >= 0) {
          out.add(seg.asInt());
        } else {
          throw new IllegalArgumentException(
              "\"path\" segments must be non-empty strings or list indexes >= 0, got " + seg);
        }
      }
    } else {
      throw new IllegalArgumentException("\"path\" must be a string or an array, got " + path.getNodeType());
    }
    if (out.size() > MAX_DEPTH) {
      throw new IllegalArgumentException("\"path\" is deeper than " + MAX_DEPTH + " segments");
    }
    return List.copyOf(out);
  }
}
