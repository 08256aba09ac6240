package org.personacollab.sync.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Side;

class DocumentDiffTest {
  /** diff(a, b) applied to a gives b, and is the expected op. */
  private static void assertDiff(String from, String to, String expectedOp) {
    Object a = JsonCodec.parse(from);
    Object b = JsonCodec.parse(to);
    Op op = DocumentDiff.diff(a, b);
    assertThat(JsonCodec.canonical(Json0.apply(a, op))).as("apply(from, diff) = to").isEqualTo(JsonCodec.canonical(b));
    assertThat(op).isEqualTo(Op.parse(expectedOp));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
          {"name":"Sarah"}                | {"name":"Sarah"}                 | []
          {"name":"Sarah"}                | {"name":"Sara"}                  | [{"p":["name",4],"sd":"h"}]
          {"name":"Sarah"}                | {"name":"Dr Sarah"}              | [{"p":["name",0],"si":"Dr "}]
          {"name":"abcXdef"}              | {"name":"abcYYdef"}              | [{"p":["name",3],"sd":"X"},{"p":["name",3],"si":"YY"}]
          {"t":"a😀b"}                    | {"t":"a😃b"}                     | [{"p":["t",1],"sd":"😀"},{"p":["t",1],"si":"😃"}]
          {"a":1}                         | {"b":2}                          | [{"p":["a"],"od":1},{"p":["b"],"oi":2}]
          {"age":33}                      | {"age":34}                       | [{"p":["age"],"od":33,"oi":34}]
          {"goals":["a","b","c"]}         | {"goals":["a","c"]}              | [{"p":["goals",1],"ld":"b"}]
          {"goals":["a"]}                 | {"goals":["a","b"]}              | [{"p":["goals",1],"li":"b"}]
          {"goals":["ab",1]}              | {"goals":["abc",true]}           | [{"p":["goals",0,2],"si":"c"},{"p":["goals",1],"ld":1,"li":true}]
          {"d":{"x":"1"}}                 | {"d":{"x":"1","y":"2"}}          | [{"p":["d","y"],"oi":"2"}]
          {"v":"text"}                    | {"v":["text"]}                   | [{"p":["v"],"od":"text","oi":["text"]}]
          """)
  void diff_smallestJson0Pieces(String from, String to, String op) {
    assertDiff(from, to, op);
  }

  @Test
  void diff_ofNonObjects_replacesTheRoot() {
    Op op = DocumentDiff.diff(JsonCodec.parse("{}"), JsonCodec.parse("[]"));
    assertThat(op).isEqualTo(Op.parse("[{\"p\":[],\"od\":{},\"oi\":[]}]"));
  }

  /** A restore merges with someone typing elsewhere in the same text: both survive. */
  @Test
  void diff_transformedPastConcurrentTyping_keepsTheirCharacters() {
    Object current = JsonCodec.parse("{\"name\":\"Sarah Connor\",\"title\":\"Lead\"}");
    Op restore = DocumentDiff.diff(current, JsonCodec.parse("{\"name\":\"Sarah\",\"title\":\"Lead\"}"));
    Op typing = Op.parse("[{\"p\":[\"name\",0],\"si\":\"Dr \"},{\"p\":[\"title\",4],\"si\":\" UX\"}]");
    Object afterTyping = Json0.apply(current, typing);
    Object result = Json0.apply(afterTyping, Json0.transform(restore, typing, Side.LEFT));
    assertThat(JsonCodec.canonical(result)).isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"name\":\"Dr Sarah\",\"title\":\"Lead UX\"}")));
  }

  /** Random documents: apply(a, diff(a, b)) = b; prints the seed and both documents on failure. */
  @Test
  void diff_randomDocuments_applyGivesTheTarget() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      Object a = JsonCodec.freeze(randomObject(random, 3));
      Object b = JsonCodec.freeze(random.nextInt(4) == 0 ? randomObject(random, 3) : mutate(random, a));
      Op op = DocumentDiff.diff(a, b);
      assertThat(JsonCodec.canonical(Json0.apply(a, op)))
          .as("seed %d: diff(%s, %s) = %s", seed, JsonCodec.write(a), JsonCodec.write(b), op)
          .isEqualTo(JsonCodec.canonical(b));
      assertThat(JsonCodec.canonical(Json0.apply(b, Json0.invert(op)))).as("seed %d: inverse", seed).isEqualTo(JsonCodec.canonical(a));
    }
  }

  private static Object mutate(Random random, Object doc) {
    String json = JsonCodec.write(doc);
    // Change a few characters of the JSON text inside string values, or reparse a variant.
    StringBuilder out = new StringBuilder(json);
    for (int k = 0; k < 3; k++) {
      int at = out.indexOf("\"", random.nextInt(Math.max(1, out.length())));
      if (at > 0 && at + 1 < out.length() && Character.isLetter(out.charAt(at + 1))) out.insert(at + 1, (char) ('a' + random.nextInt(26)));
    }
    try {
      return JsonCodec.parse(out.toString());
    } catch (RuntimeException e) {
      return doc;
    }
  }

  private static java.util.Map<String, Object> randomObject(Random random, int depth) {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) map.put(String.valueOf((char) ('a' + random.nextInt(5))), randomValue(random, depth - 1));
    return map;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth <= 0 ? 4 : 6);
    return switch (kind) {
      case 0 -> random.nextInt(10);
      case 1 -> random.nextBoolean();
      case 2, 3 -> randomText(random);
      case 4 -> {
        java.util.List<Object> list = new java.util.ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) list.add(randomValue(random, depth - 1));
        yield list;
      }
      default -> randomObject(random, depth - 1);
    };
  }

  private static String randomText(Random random) {
    String[] pieces = {"a", "b", "ab", "😀", "é", " "};
    StringBuilder out = new StringBuilder();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) out.append(pieces[random.nextInt(pieces.length)]);
    return out.toString();
  }
}
