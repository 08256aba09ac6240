package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OT laws, written once. Every test case goes through these helpers, and every failure
 * message ends with a one-line repro: a conformance request to pipe into tools/ot-conformance.
 */
final class OtLaws {
  private OtLaws() {}

  static String repro(String fn, Object... fieldsAndValues) {
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("fn", fn);
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      Object v = fieldsAndValues[i + 1];
      req.put((String) fieldsAndValues[i], v instanceof Op op ? op.toPlain() : v instanceof Side s ? s.wire() : v);
    }
    return JsonCodec.write(req);
  }

  /**
   * Equal JSON where numbers may differ by floating-point rounding: JSON numbers are doubles and
   * (0.2 - 3) + 3 is not 0.2. With integers, what personas hold, the laws hold exactly.
   */
  static void assertSame(@Nullable Object expected, @Nullable Object actual, String message) {
    if (!Values.matches(expected, actual)) {
      assertEquals(JsonCodec.canonical(expected), JsonCodec.canonical(actual), message);
    }
  }

  /** TP1: apply(apply(d, a), transform(b, a, RIGHT)) equals apply(apply(d, b), transform(a, b, LEFT)). */
  static @Nullable Object assertConverges(@Nullable Object doc, Op a, Op b) {
    String repro = repro("transform", "op", a, "other", b, "side", Side.LEFT) + " on doc " + JsonCodec.write(doc);
    try {
      Object viaA = Json0.apply(Json0.apply(doc, a), Json0.transform(b, a, Side.RIGHT));
      Object viaB = Json0.apply(Json0.apply(doc, b), Json0.transform(a, b, Side.LEFT));
      assertSame(viaA, viaB, "TP1 fails; repro: " + repro);
      return viaA;
    } catch (OtException e) {
      return fail("TP1 fails with " + e.getMessage() + "; repro: " + repro, e);
    }
  }

  /** apply(apply(d, a), invert(a)) equals d. */
  static void assertInvertible(@Nullable Object doc, Op a) {
    String repro = repro("invert", "op", a) + " on doc " + JsonCodec.write(doc);
    try {
      assertSame(doc, Json0.apply(Json0.apply(doc, a), Json0.invert(a)), "invert fails; repro: " + repro);
    } catch (OtException e) {
      fail("invert fails with " + e.getMessage() + "; repro: " + repro, e);
    }
  }

  /** apply(d, compose(a, b)) equals apply(apply(d, a), b). */
  static void assertComposes(@Nullable Object doc, Op a, Op b) {
    String repro = repro("compose", "a", a, "b", b) + " on doc " + JsonCodec.write(doc);
    try {
      assertSame(Json0.apply(Json0.apply(doc, a), b), Json0.apply(doc, Json0.compose(a, b)), "compose fails; repro: " + repro);
    } catch (OtException e) {
      fail("compose fails with " + e.getMessage() + "; repro: " + repro, e);
    }
  }

  /** transform(a, b, LEFT) and transform(b, a, RIGHT) are as expected, and the diamond closes. */
  static @Nullable Object assertTransforms(@Nullable Object doc, Op a, Op b, Op expectLeft, Op expectRight) {
    assertEquals(expectLeft.toString(), Json0.transform(a, b, Side.LEFT).toString(),
        "transform(a, b, left); repro: " + repro("transform", "op", a, "other", b, "side", Side.LEFT));
    assertEquals(expectRight.toString(), Json0.transform(b, a, Side.RIGHT).toString(),
        "transform(b, a, right); repro: " + repro("transform", "op", b, "other", a, "side", Side.RIGHT));
    return assertConverges(doc, a, b);
  }

  /**
   * Runs every function of the engine on doc (a mutable map, as callers hold it) and the ops, then
   * checks that doc reads exactly as before. (Ops are immutable records and cannot change.)
   */
  static void assertNoMutation(Map<String, Object> doc, Op a, Op b) {
    String before = JsonCodec.write(doc);
    Object after = Json0.apply(doc, a);
    Json0.apply(doc, b);
    Json0.apply(after, Json0.transform(b, a, Side.RIGHT));
    Json0.compose(a, Json0.invert(a));
    Json0.normalize(a);
    assertEquals(before, JsonCodec.write(doc), "input document was mutated; repro: " + repro("apply", "doc", doc, "op", a));
  }
}
