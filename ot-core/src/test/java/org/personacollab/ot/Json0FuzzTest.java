package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the laws: {@code ot.fuzz.cases} seeds (20,000 in the default build, 1,000,000 with
 * {@code -Pfuzz}), each case checked for TP1 both ways, invert, compose and no-mutation. Every
 * failure prints its seed and a one-line repro; the test fails listing the first few.
 */
class Json0FuzzTest {
  static final long CASES = Long.getLong("ot.fuzz.cases", 20_000);
  static final long FIRST_SEED = Long.getLong("ot.fuzz.seed", 1);

  @Test
  void laws_holdOnGeneratedCases() {
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicLong transforms = new AtomicLong();
    long t0 = System.nanoTime();
    LongStream.range(FIRST_SEED, FIRST_SEED + CASES).parallel().forEach(seed -> {
      if (failures.size() >= 10) {
        return;
      }
      try {
        PersonaGen.Case c = PersonaGen.of(seed);
        OtLaws.assertConverges(c.doc(), c.a(), c.b());
        OtLaws.assertConverges(c.doc(), c.b(), c.a());
        OtLaws.assertInvertible(c.doc(), c.a());
        OtLaws.assertComposes(c.doc(), c.a(), Json0.transform(c.b(), c.a(), Side.RIGHT));
        if (seed % 16 == 0) {
          OtLaws.assertNoMutation(c.doc(), c.a(), c.b());
        }
        transforms.addAndGet(4);
      } catch (AssertionError | RuntimeException e) {
        String line = "seed " + seed + ": " + e.getMessage();
        System.err.println("FUZZ FAILURE " + line);
        failures.add(line);
      }
    });
    System.out.printf("fuzz: %d cases from seed %d (%d transforms), %d failures, %.1f s%n",
        CASES, FIRST_SEED, transforms.get(), failures.size(), (System.nanoTime() - t0) / 1e9);
    assertEquals(List.of(), failures);
  }
}
