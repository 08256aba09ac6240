package org.personacollab.ot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON text exactly as JavaScript's {@code JSON.stringify} writes the same value, so that
 * both engines and the oracle print byte-identical results:
 *
 * <ul>
 *   <li>numbers by ECMAScript's Number::toString (shortest round-trip digits; {@code 3}, not
 *       {@code 3.0}; {@code 1e+21}; {@code 1.5e-7});
 *   <li>strings escape only {@code "}, {@code \}, control characters and lone surrogates;
 *   <li>object keys in JavaScript's property order: keys that are array indexes ({@code "0"},
 *       {@code "42"}) first in numeric order, then the others in insertion order. The canonical
 *       form sorts all keys by UTF-16 code units instead, like {@code Object.keys(o).sort()}.
 * </ul>
 */
final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonWriter() {}

  static String write(@Nullable Object v) {
    StringBuilder sb = new StringBuilder();
    value(sb, v, false);
    return sb.toString();
  }

  static String canonical(@Nullable Object v) {
    StringBuilder sb = new StringBuilder();
    value(sb, v, true);
    return sb.toString();
  }

  static void value(StringBuilder sb, @Nullable Object v, boolean sorted) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue() ? "true" : "false");
    } else if (v instanceof Number n) {
      number(sb, Values.number(n));
    } else if (v instanceof Map<?, ?> m) {
      object(sb, m, sorted);
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        value(sb, l.get(i), sorted);
      }
      sb.append(']');
    } else if (v instanceof Character c) {
      string(sb, String.valueOf(c));
    } else {
      throw new OtException(ErrorCode.TYPE_MISMATCH, "not a JSON value: " + v.getClass().getName());
    }
  }

  private static void object(StringBuilder sb, Map<?, ?> m, boolean sorted) {
    sb.append('{');
    List<Map.Entry<?, ?>> entries = null;
    if (sorted) {
      entries = new ArrayList<>(m.entrySet());
      entries.sort(Comparator.comparing(e -> (String) e.getKey()));
    } else {
      for (Object k : m.keySet()) {
        if (arrayIndex((String) k) >= 0) {
          entries = new ArrayList<>(m.entrySet());
          entries.sort(Comparator.comparingLong(e -> {
            long idx = arrayIndex((String) e.getKey());
            return idx < 0 ? Long.MAX_VALUE : idx; // stable sort keeps the others in order
          }));
          break;
        }
      }
    }
    boolean first = true;
    for (Map.Entry<?, ?> e : entries != null ? entries : m.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(sb, (String) e.getKey());
      sb.append(':');
      value(sb, e.getValue(), sorted);
    }
    sb.append('}');
  }

  /** The index a key stands for if it is an array index ("0".."4294967294" in canonical form), else -1. */
  static long arrayIndex(String k) {
    int n = k.length();
    if (n == 0 || n > 10) {
      return -1;
    }
    char c0 = k.charAt(0);
    if (c0 < '0' || c0 > '9' || (c0 == '0' && n > 1)) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = k.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 4294967294L ? v : -1;
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String esc = null;
      if (c == '"') {
        esc = "\\\"";
      } else if (c == '\\') {
        esc = "\\\\";
      } else if (c < 0x20) {
        esc = switch (c) {
          case '\b' -> "\\b";
          case '\f' -> "\\f";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          default -> unicode(c);
        };
      } else if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            ? i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))
            : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        if (!paired) {
          esc = unicode(c); // well-formed JSON.stringify (ES2019) escapes lone surrogates
        }
      }
      if (esc != null) {
        sb.append(s, start, i).append(esc);
        start = i + 1;
      }
    }
    sb.append(s, start, n).append('"');
  }

  private static String unicode(char c) {
    return new String(new char[] {'\\', 'u', HEX[c >> 12 & 15], HEX[c >> 8 & 15], HEX[c >> 4 & 15], HEX[c & 15]});
  }

  static void number(StringBuilder sb, Number n) {
    if (n instanceof Long l) {
      sb.append(l.longValue());
    } else {
      sb.append(jsNumber(n.doubleValue()));
    }
  }

  /** ECMAScript Number::toString(x) for a finite double. */
  static String jsNumber(double x) {
    if (x == 0) {
      return "0";
    }
    if (x < 0) {
      return "-" + jsNumber(-x);
    }
    // Shortest decimal that reads back as x: the first precision whose correctly rounded value
    // round-trips (JDK 17's Double.toString is not always shortest, see JDK-4511638).
    BigDecimal exact = new BigDecimal(x);
    BigDecimal d = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == x) {
        d = r;
        break;
      }
    }
    d = d.stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int k = digits.length();
    int nExp = k - d.scale(); // x = 0.digits * 10^nExp
    StringBuilder sb = new StringBuilder(24);
    if (k <= nExp && nExp <= 21) {
      sb.append(digits);
      sb.append("0".repeat(nExp - k));
    } else if (0 < nExp && nExp <= 21) {
      sb.append(digits, 0, nExp).append('.').append(digits, nExp, k);
    } else if (-6 < nExp && nExp <= 0) {
      sb.append("0.").append("0".repeat(-nExp)).append(digits);
    } else {
      int e = nExp - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }

  static String[] sortedKeys(Map<String, ?> m) {
    String[] keys = m.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    return keys;
  }
}
