package org.personacollab.ot;

import org.jspecify.annotations.Nullable;

/**
 * JSON text to plain Java values and back, printing exactly what JavaScript's {@code JSON.stringify}
 * prints for the same value (numbers, string escapes, key order), plus a canonical form with
 * sorted keys for equality checks across engines.
 *
 * <p>{@link #parse} returns immutable values: insertion-ordered {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Long} (integers up to 2^53 in magnitude),
 * {@code Double} (all other numbers), {@code Boolean} and {@code null}. {@link #freeze} turns any
 * plain value into that form (a no-op on values that are already immutable).
 */
public final class JsonCodec {
  private JsonCodec() {}

  /**
   * Parses JSON text. Throws {@link OtException} with {@link ErrorCode#MALFORMED_JSON} and the
   * position on text that is not JSON.
   */
  public static @Nullable Object parse(String text) {
    return JsonReader.parse(text);
  }

  /** JSON text of a plain value, as {@code JSON.stringify} would print it. */
  public static String write(@Nullable Object value) {
    return JsonWriter.write(value);
  }

  /** JSON text with object keys sorted (by UTF-16 code units) at every level. */
  public static String canonical(@Nullable Object value) {
    return JsonWriter.canonical(value);
  }

  /** True when two plain values are the same JSON value (numbers by value, key order ignored). */
  public static boolean jsonEquals(@Nullable Object a, @Nullable Object b) {
    return Values.deepEquals(a, b);
  }

  /**
   * The immutable form of a plain value (deep copy into the engine's own immutable maps and lists,
   * numbers normalised to Long or Double); values already in that form are returned as they are.
   */
  public static @Nullable Object freeze(@Nullable Object value) {
    return Values.freeze(value);
  }
}
