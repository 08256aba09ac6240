package org.personacollab.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON values as plain Java values, and the number rules that make them print like JavaScript.
 *
 * <p>A value is a {@code Map<String, Object>}, a {@code List<Object>}, a {@code String}, a
 * {@code Number}, a {@code Boolean} or {@code null}. <b>Frozen</b> values are the engine's own
 * immutable form: {@link FrozenMap}, {@link FrozenList}, and numbers in canonical form, which is
 * {@code Long} for integers of magnitude up to 2^53 and {@code Double} for every other finite number.
 * JavaScript has one number type, so two numbers are equal when their canonical forms are, and
 * {@code 1}, {@code 1L} and {@code 1.0} are one value that prints as {@code 1}. A frozen container
 * holds only frozen values, so freezing an already frozen value is free.
 */
final class Values {
  static final long MAX_SAFE = 1L << 53;

  private Values() {}

  /** The frozen form of a JSON value: the value itself when it is already frozen. */
  static @Nullable Object freeze(@Nullable Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof FrozenMap || v instanceof FrozenList) {
      return v;
    }
    if (v instanceof Long l) {
      return Math.abs(l) <= MAX_SAFE ? l : canonical((double) l);
    }
    if (v instanceof Number n) {
      return number(n);
    }
    if (v instanceof Map<?, ?> m) {
      String[] keys = new String[m.size()];
      Object[] values = new Object[m.size()];
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new OtException(ErrorCode.TYPE_MISMATCH, "object keys must be strings, not " + e.getKey());
        }
        keys[i] = k;
        values[i] = freeze(e.getValue());
        i++;
      }
      return new FrozenMap(keys, values);
    }
    if (v instanceof List<?> l) {
      Object[] items = new Object[l.size()];
      int i = 0;
      for (Object e : l) {
        items[i++] = freeze(e);
      }
      return new FrozenList(items);
    }
    if (v instanceof Character c) {
      return String.valueOf(c);
    }
    throw new OtException(ErrorCode.TYPE_MISMATCH, "not a JSON value: " + v.getClass().getName());
  }

  /** The canonical form of any Number (Long for safe integers, Double otherwise); non-finite is an error. */
  static Number number(Number n) {
    if (n instanceof Long l) {
      return Math.abs(l) <= MAX_SAFE ? l : canonical((double) l);
    }
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof Double d) {
      return canonical(d);
    }
    if (n instanceof Float f) {
      // JavaScript has no float: take the decimal the float prints as (0.1f is 0.1, not 0.100000001...)
      return canonical(Double.parseDouble(f.toString()));
    }
    if (n instanceof BigInteger || n instanceof BigDecimal) {
      return canonical(n.doubleValue());
    }
    return canonical(n.doubleValue());
  }

  static Number canonical(double d) {
    if (!Double.isFinite(d)) {
      throw new OtException(ErrorCode.BAD_NUMBER, "numbers must be finite, not " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE) {
      return (long) d; // also turns -0.0 into 0, as JSON.stringify(-0) is "0"
    }
    return d;
  }

  /** JavaScript's {@code a + b} on canonical numbers, in canonical form; overflow is BAD_NUMBER. */
  static Number add(Number a, Number b) {
    if (a instanceof Long x && b instanceof Long y) {
      long s = x + y; // both are at most 2^53 in magnitude: no long overflow
      if (Math.abs(s) <= MAX_SAFE) {
        return s;
      }
    }
    return canonical(a.doubleValue() + b.doubleValue());
  }

  /** Deep equality of JSON values: numbers by value, object key order ignored. */
  static boolean deepEquals(@Nullable Object a, @Nullable Object b) {
    return deepEquals(a, b, false);
  }

  /**
   * Deep equality where, with {@code rounding}, numbers that differ only by floating-point
   * rounding (relative 1e-9) are equal. Deleted values ({@code od}, {@code ld}) are checked this
   * way: a transform adds concurrent {@code na} amounts to them in another order than the document
   * saw, and {@code (2 + 0.2) - 1} is not {@code (2 - 1) + 0.2} in binary floating point.
   */
  static boolean matches(@Nullable Object expected, @Nullable Object actual) {
    return deepEquals(expected, actual, true);
  }

  private static boolean deepEquals(@Nullable Object a, @Nullable Object b, boolean rounding) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof String || a instanceof Boolean) {
      return a.equals(b);
    }
    if (a instanceof Number x) {
      if (!(b instanceof Number y)) {
        return false;
      }
      Number cx = number(x);
      Number cy = number(y);
      if (cx.equals(cy)) {
        return true;
      }
      if (!rounding || (cx instanceof Long && cy instanceof Long)) {
        return false;
      }
      double dx = cx.doubleValue();
      double dy = cy.doubleValue();
      return Math.abs(dx - dy) <= 1e-9 * Math.max(1, Math.max(Math.abs(dx), Math.abs(dy)));
    }
    if (a instanceof List<?> la) {
      if (!(b instanceof List<?> lb) || la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!deepEquals(la.get(i), lb.get(i), rounding)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> ma) {
      if (!(b instanceof Map<?, ?> mb) || ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        Object other = mb.get(e.getKey());
        if (other == null && !mb.containsKey(e.getKey())) {
          return false;
        }
        if (!deepEquals(e.getValue(), other, rounding)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * JavaScript's {@code ===} as json0 sees values after cloning them: scalars by value, objects
   * and lists never (a clone is a new object). json0 uses this to cancel an insert followed by
   * its own delete, so {@code [li "x", ld "x"]} cancels but {@code [li {}, ld {}]} does not.
   */
  static boolean sameScalar(@Nullable Object a, @Nullable Object b) {
    if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
      return false;
    }
    return deepEquals(a, b);
  }

  static String typeName(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "object";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    return v.getClass().getSimpleName();
  }

  /** A short JSON rendering for error messages. */
  static String abbrev(@Nullable Object v) {
    String s;
    try {
      s = JsonWriter.write(v);
    } catch (RuntimeException e) {
      s = String.valueOf(v);
    }
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
