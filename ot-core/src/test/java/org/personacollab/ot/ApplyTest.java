package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApplyTest {
  static final String PERSONA = "{\"name\":\"Zoë\",\"goals\":[\"ship\",\"learn\"],\"demographics\":{\"age\":34},\"bio\":\"I 😀 tea\"}";

  static Object persona() {
    return JsonCodec.parse(PERSONA);
  }

  static String apply(String op) {
    return JsonCodec.write(Json0.apply(persona(), Op.parse(op)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      oi adds a key               | [{"p":["title"],"oi":"Lead"}]               | {"name":"Zoë","goals":["ship","learn"],"demographics":{"age":34},"bio":"I 😀 tea","title":"Lead"}
      od removes a key            | [{"p":["name"],"od":"Zoë"}]                 | {"goals":["ship","learn"],"demographics":{"age":34},"bio":"I 😀 tea"}
      oi+od replaces in place     | [{"p":["name"],"od":"Zoë","oi":"Ann"}]      | {"name":"Ann","goals":["ship","learn"],"demographics":{"age":34},"bio":"I 😀 tea"}
      li appends at the length    | [{"p":["goals",2],"li":"rest"}]             | {"name":"Zoë","goals":["ship","learn","rest"],"demographics":{"age":34},"bio":"I 😀 tea"}
      ld removes an element       | [{"p":["goals",0],"ld":"ship"}]             | {"name":"Zoë","goals":["learn"],"demographics":{"age":34},"bio":"I 😀 tea"}
      li+ld replaces an element   | [{"p":["goals",0],"ld":"ship","li":"sail"}] | {"name":"Zoë","goals":["sail","learn"],"demographics":{"age":34},"bio":"I 😀 tea"}
      lm moves an element         | [{"p":["goals",0],"lm":1}]                  | {"name":"Zoë","goals":["learn","ship"],"demographics":{"age":34},"bio":"I 😀 tea"}
      na adds                     | [{"p":["demographics","age"],"na":1}]       | {"name":"Zoë","goals":["ship","learn"],"demographics":{"age":35},"bio":"I 😀 tea"}
      si inserts at UTF-16 offset | [{"p":["name",3],"si":"!"}]                 | {"name":"Zoë!","goals":["ship","learn"],"demographics":{"age":34},"bio":"I 😀 tea"}
      sd deletes an emoji         | [{"p":["bio",2],"sd":"😀"}]                 | {"name":"Zoë","goals":["ship","learn"],"demographics":{"age":34},"bio":"I  tea"}
      od then oi moves key to end | [{"p":["name"],"od":"Zoë"},{"p":["name"],"oi":"Z"}] | {"goals":["ship","learn"],"demographics":{"age":34},"bio":"I 😀 tea","name":"Z"}
      root replace                | [{"p":[],"od":{"name":"Zoë","goals":["ship","learn"],"demographics":{"age":34},"bio":"I 😀 tea"},"oi":[1]}] | [1]
      """)
  void apply_eachComponentKind(String name, String op, String expected) {
    assertEquals(expected, apply(op));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      insert past the end         | [{"p":["goals",5],"li":"x"}]            | index_out_of_range | component 0 (li at ["goals",5])
      key on the path is missing  | [{"p":["nope","x"],"oi":1}]             | missing_key        | no key "nope"
      oi over an existing key     | [{"p":["name"],"oi":"x"}]               | key_exists         | already exists
      od of the wrong value       | [{"p":["name"],"od":"Bob"}]             | value_mismatch     | does not match
      ld of the wrong value       | [{"p":["goals",0],"ld":"sail"}]         | value_mismatch     | does not match
      sd of the wrong text        | [{"p":["name",0],"sd":"X"}]             | value_mismatch     | does not match the text
      na on a string              | [{"p":["name"],"na":1}]                 | type_mismatch      | na needs a number, found string
      oi into a list              | [{"p":["goals","x"],"oi":1}]            | type_mismatch      | not an object
      li into an object           | [{"p":["demographics",0],"li":1}]       | type_mismatch      | not a list
      si past the end             | [{"p":["name",9],"si":"x"}]             | index_out_of_range | past the end of a string
      move target outside         | [{"p":["goals",0],"lm":7}]              | index_out_of_range | move target 7
      path through a string       | [{"p":["goals",0,"x"],"oi":1}]          | type_mismatch      | is a string, not an object
      path deeper in a string     | [{"p":["goals",0,"x","y"],"oi":1}]      | type_mismatch      | descends into a string
      oi at the root              | [{"p":[],"oi":{}}]                      | key_exists         | root always exists
      second component fails      | [{"p":["name"],"od":"Zoë"},{"p":["name",0],"si":"x"}] | missing_key | component 1 (si at ["name",0])
      """)
  void apply_invalidOp_namesComponentAndReason(String name, String op, String code, String fragment) {
    OtException e = assertThrows(OtException.class, () -> apply(op));
    assertEquals(code, e.code().code());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().startsWith(code + ": component "), e.getMessage());
  }

  @Test
  void apply_hugeSum_isBadNumber() {
    OtException e = assertThrows(OtException.class, () -> Json0.apply(JsonCodec.parse("{\"n\":1e308}"), Op.parse("[{\"p\":[\"n\"],\"na\":1e308}]")));
    assertEquals(ErrorCode.BAD_NUMBER, e.code());
  }

  @Test
  void apply_failingLaterComponent_leavesInputUntouched() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("a", 1L);
    doc.put("list", new ArrayList<>(List.of(1L, 2L)));
    String before = JsonCodec.write(doc);
    OtResult<Object> r = Json0.tryApply(doc, Op.parse("[{\"p\":[\"a\"],\"na\":1},{\"p\":[\"list\",9],\"ld\":1}]"));
    assertEquals(ErrorCode.INDEX_OUT_OF_RANGE, ((OtResult.Failed<Object>) r).error().code());
    assertEquals(1, ((OtResult.Failed<Object>) r).error().component());
    assertEquals(before, JsonCodec.write(doc));
  }

  @Test
  void apply_sharesUnchangedSubtrees() {
    Object doc = persona();
    Object next = Json0.apply(doc, Op.parse("[{\"p\":[\"name\",0],\"si\":\"Dr \"}]"));
    assertSame(((Map<?, ?>) doc).get("goals"), ((Map<?, ?>) next).get("goals"));
    assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) next).put("x", 1));
  }

  @Test
  void apply_numbersPrintLikeJavaScript() {
    assertEquals("{\"n\":3}", JsonCodec.write(Json0.apply(Map.of("n", 1), Op.parse("[{\"p\":[\"n\"],\"na\":2}]"))));
    assertEquals("0.30000000000000004", JsonCodec.write(Json0.apply(0.1, Op.parse("[{\"p\":[],\"na\":0.2}]"))));
    assertEquals("{\"n\":3.5}", JsonCodec.write(Json0.apply(Map.of("n", 3.0f), Op.parse("[{\"p\":[\"n\"],\"na\":0.5}]"))));
  }

  @Test
  void replace_buildsTheReplaceJson0Needs() {
    Object doc = persona();
    assertEquals("[{\"p\":[\"demographics\",\"age\"],\"od\":34,\"oi\":35}]", Json0.replace(doc, Path.of("demographics", "age"), 35).toString());
    assertEquals("[{\"p\":[\"demographics\",\"city\"],\"oi\":\"Oslo\"}]", Json0.replace(doc, Path.of("demographics", "city"), "Oslo").toString());
    assertEquals("[{\"p\":[\"goals\",1],\"ld\":\"learn\",\"li\":\"grow\"}]", Json0.replace(doc, Path.of("goals", 1), "grow").toString());
    assertEquals(ErrorCode.MISSING_KEY, assertThrows(OtException.class, () -> Json0.replace(doc, Path.of("x", "y"), 1)).code());
  }
}
