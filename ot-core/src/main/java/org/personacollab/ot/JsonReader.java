package org.personacollab.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict JSON parser (RFC 8259, as {@code JSON.parse}) producing frozen values. Numbers are read
 * as JavaScript reads them (the nearest double, then canonical form: {@code 1.0} is {@code 1L});
 * a repeated key keeps its first position and its last value, as in JavaScript.
 */
final class JsonReader {
  private final String s;
  private int pos;

  private JsonReader(String s) {
    this.s = s;
  }

  static @Nullable Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.ws();
    Object v = r.value(0);
    r.ws();
    if (r.pos != text.length()) {
      throw r.error("unexpected " + r.describeHere() + " after the value");
    }
    return v;
  }

  private OtException error(String why) {
    return new OtException(ErrorCode.MALFORMED_JSON, why + " at position " + pos);
  }

  private String describeHere() {
    if (pos >= s.length()) {
      return "end of input";
    }
    return "'" + s.charAt(pos) + "'";
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        break;
      }
    }
  }

  private @Nullable Object value(int depth) {
    if (depth > 1000) {
      throw error("nesting deeper than 1000");
    }
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected " + describeHere());
    }
  }

  private void literal(String word) {
    if (!s.startsWith(word, pos)) {
      throw error("unexpected " + describeHere());
    }
    pos += word.length();
  }

  private FrozenMap object(int depth) {
    pos++; // {
    ws();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return FrozenMap.EMPTY;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    while (true) {
      ws();
      if (pos >= s.length() || s.charAt(pos) != '"') {
        throw error("expected a string key, found " + describeHere());
      }
      String key = string();
      ws();
      if (pos >= s.length() || s.charAt(pos) != ':') {
        throw error("expected ':', found " + describeHere());
      }
      pos++;
      ws();
      m.put(key, value(depth + 1));
      ws();
      if (pos >= s.length()) {
        throw error("unterminated object");
      }
      char c = s.charAt(pos++);
      if (c == '}') {
        break;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}', found " + describeHere());
      }
    }
    String[] keys = new String[m.size()];
    Object[] values = new Object[m.size()];
    int i = 0;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      keys[i] = e.getKey();
      values[i++] = e.getValue();
    }
    return new FrozenMap(keys, values);
  }

  private FrozenList array(int depth) {
    pos++; // [
    ws();
    if (pos < s.length() && s.charAt(pos) == ']') {
      pos++;
      return FrozenList.EMPTY;
    }
    List<Object> items = new ArrayList<>();
    while (true) {
      ws();
      items.add(value(depth + 1));
      ws();
      if (pos >= s.length()) {
        throw error("unterminated list");
      }
      char c = s.charAt(pos++);
      if (c == ']') {
        break;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']', found " + describeHere());
      }
    }
    return new FrozenList(items.toArray());
  }

  private String string() {
    pos++; // opening quote
    int start = pos;
    StringBuilder sb = null;
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos);
      if (c == '"') {
        String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
        pos++;
        return out;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, start, pos);
        pos++;
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("bad \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(s.charAt(pos + i), 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              v = v * 16 + d;
            }
            pos += 4;
            sb.append((char) v);
          }
          default -> {
            pos--;
            throw error("bad escape \\" + e);
          }
        }
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private Number number() {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    int intStart = pos;
    if (pos < s.length() && s.charAt(pos) == '0') {
      pos++;
    } else if (pos < s.length() && s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
    } else {
      throw error("bad number");
    }
    boolean integral = true;
    if (pos < s.length() && s.charAt(pos) == '.') {
      integral = false;
      pos++;
      int f = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == f) {
        throw error("bad number");
      }
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      integral = false;
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      int f = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == f) {
        throw error("bad number");
      }
    }
    String text = s.substring(start, pos);
    if (integral && pos - intStart <= 15) {
      long v = Long.parseLong(text);
      return v == 0 ? 0L : v; // "-0" is 0
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      throw error("number out of range: " + text);
    }
    return Values.canonical(d);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
