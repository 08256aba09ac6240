package org.personacollab.cli.join;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.OtException;

/**
 * A field of the persona as the user types it, and back:
 *
 * <pre>
 * name                     ["name"]
 * demographics.age         ["demographics", "age"]
 * goals.2   or  goals[2]   ["goals", "2"]  /  ["goals", 2]   (the third goal)
 * ["odd.key", 0]           a JSON array, for keys with dots or spaces
 * </pre>
 *
 * A segment of digits is a list index where the document has a list there, and a key otherwise;
 * {@link FieldEdits} decides when it walks the document. Invalid: an empty path, an empty segment
 * ({@code a..b}), a JSON array with something other than strings and non-negative integers.
 */
final class FieldPath {
  private static final Pattern BRACKET = Pattern.compile("\\[(\\d+)]");

  private FieldPath() {}

  /** The segments of {@code text}: {@code String} keys and, from brackets or JSON, {@code Integer} indexes. */
  static List<Object> parse(String text) {
    String path = text.strip();
    if (path.isEmpty() || path.equals(".")) {
      throw new EditException("give a field, e.g. demographics.age");
    }
    if (path.startsWith("[")) {
      return jsonPath(path);
    }
    List<Object> segments = new ArrayList<>();
    for (String part : path.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String key = bracket < 0 ? part : part.substring(0, bracket);
      if (key.isEmpty() && (bracket != 0 || segments.isEmpty())) {
        throw new EditException("'" + text + "' has an empty field name; write it like demographics.age or goals[2]");
      }
      if (!key.isEmpty()) {
        segments.add(key);
      }
      if (bracket >= 0) {
        Matcher m = BRACKET.matcher(part.substring(bracket));
        int end = 0;
        while (m.find() && m.start() == end) {
          segments.add(Integer.parseInt(m.group(1)));
          end = m.end();
        }
        if (end != part.length() - bracket) {
          throw new EditException("'" + text + "': indexes are written [0], [1], ...");
        }
      }
    }
    return List.copyOf(segments);
  }

  private static List<Object> jsonPath(String path) {
    Object parsed;
    try {
      parsed = JsonCodec.parse(path);
    } catch (OtException e) {
      throw new EditException("'" + path + "' is not a JSON array path: " + e.getMessage());
    }
    if (!(parsed instanceof List<?> list) || list.isEmpty()) {
      throw new EditException("a JSON path is a non-empty array, e.g. [\"goals\",0]");
    }
    List<Object> segments = new ArrayList<>();
    for (Object seg : list) {
      if (seg instanceof String s && !s.isEmpty()) {
        segments.add(s);
      } else if (seg instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE) {
        segments.add(n.intValue());
      } else {
        throw new EditException("path segments are keys or indexes >= 0, not " + JsonCodec.write(seg));
      }
    }
    return List.copyOf(segments);
  }

  /** The path as the user would type it: {@code demographics.age}, {@code goals[2]}. */
  static String render(List<?> segments) {
    if (segments.isEmpty()) {
      return "the persona";
    }
    StringBuilder text = new StringBuilder();
    for (Object seg : segments) {
      if (seg instanceof Integer) {
        text.append('[').append(seg).append(']');
      } else {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(seg);
      }
    }
    return text.toString();
  }
}
