package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The worked examples of spec.md as a table, one named test per conflict. The same table
 * (src/test/resources/worked-examples.json) runs against the JavaScript engine and ot-json0 in
 * js/test/worked-examples.test.mjs, so all three agree on every row.
 */
class WorkedExamplesTest {

  static List<?> examples() throws IOException {
    try (InputStream in = Objects.requireNonNull(WorkedExamplesTest.class.getResourceAsStream("/worked-examples.json"))) {
      return (List<?>) JsonCodec.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @TestFactory
  Stream<DynamicTest> transform_workedExamples() throws IOException {
    return examples().stream().map(e -> (Map<?, ?>) e).map(t -> dynamicTest("transform_" + t.get("name"), () -> {
      Object result = OtLaws.assertTransforms(t.get("doc"), Op.fromPlain(t.get("a")), Op.fromPlain(t.get("b")),
          Op.fromPlain(t.get("left")), Op.fromPlain(t.get("right")));
      assertEquals(JsonCodec.canonical(t.get("result")), JsonCodec.canonical(result));
    }));
  }
}
