package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpTest {

  @Test
  void fromPlain_decodedJson_roundTrips() {
    String wire = "[{\"p\":[\"goals\",0],\"li\":\"Ship\"},{\"p\":[\"name\",0],\"si\":\"Dr \"},{\"p\":[\"title\"],\"od\":\"A\",\"oi\":\"B\"},"
        + "{\"p\":[\"goals\",1],\"ld\":1,\"li\":{\"x\":[null,true]}},{\"p\":[\"goals\",0],\"lm\":2},{\"p\":[\"age\"],\"na\":-1.5},"
        + "{\"p\":[\"x\"],\"oi\":null},{\"p\":[\"x\"],\"od\":null},{\"p\":[\"goals\",0],\"ld\":\"a\"},{\"p\":[\"bio\",3],\"sd\":\"é\"}]";
    Op op = Op.parse(wire);
    assertEquals(wire, op.toString());
    assertEquals(op, Op.fromPlain(op.toPlain()));
    assertInstanceOf(Component.ListReplace.class, op.components().get(3));
  }

  @Test
  void fromPlain_javaMapsAndIntegers() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("p", new ArrayList<>(List.of("goals", 1)));
    c.put("li", "x");
    Op op = Op.fromPlain(List.of(c));
    assertEquals(new Component.ListInsert(Path.of("goals", 1), "x"), op.components().get(0));
    assertEquals("[{\"p\":[\"goals\",1],\"li\":\"x\"}]", op.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not a list             | {"p":[]}                                       | bad_op        | an op must be a list
      component not object   | [1]                                            | bad_component | component 0: must be an object
      path not a list        | [{"p":["a"],"oi":1},{"p":"a","oi":1}]          | bad_path      | component 1 (oi at "a"): field "p" must be a list
      negative index         | [{"p":[-1],"li":1}]                            | bad_path      | path element 0 must be
      fractional index       | [{"p":[1.5],"li":1}]                           | bad_path      | path element 0 must be
      li without index       | [{"p":["a"],"li":1}]                           | bad_path      | list index
      oi with index          | [{"p":[0],"oi":1}]                             | bad_path      | object key must be a string
      root delete            | [{"p":[],"od":1}]                              | bad_path      | root cannot be deleted
      no instruction         | [{"p":["a"]}]                                  | bad_component | no instruction
      two instructions       | [{"p":["a"],"oi":1,"na":1}]                    | bad_component | cannot be combined
      na not a number        | [{"p":["a"],"na":"1"}]                         | bad_component | field "na" must be a finite number
      si not a string        | [{"p":["a",0],"si":1}]                         | bad_component | field "si" must be a string
      lm negative            | [{"p":["a",0],"lm":-1}]                        | bad_component | field "lm" must be a non-negative integer
      subtype op             | [{"p":["a"],"t":"text0","o":[]}]               | bad_component | subtype ops are not supported
      unknown field          | [{"p":["a"],"oi":1,"x":2}]                     | bad_component | unknown field "x"
      malformed text         | [{"p":                                         | malformed_json | unexpected end of input
      """)
  void parse_malformedOp_namesComponentAndField(String name, String json, String code, String fragment) {
    OtException e = assertThrows(OtException.class, () -> Op.parse(json));
    assertEquals(code, e.code().code());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void records_enforceInvariants() {
    assertThrows(OtException.class, () -> new Component.ListInsert(Path.of("goals"), "x"));
    assertThrows(OtException.class, () -> new Component.ObjectDelete(Path.of(), "x"));
    assertThrows(OtException.class, () -> new Component.ListMove(Path.of("goals", 0), -1));
    assertThrows(OtException.class, () -> new Component.NumberAdd(Path.of("n"), Double.NaN));
    assertThrows(OtException.class, () -> Path.of("a", -1));
    assertEquals(3L, new Component.NumberAdd(Path.of("n"), 3.0).amount());
  }

  @Test
  void side_parsesWireForm() {
    assertEquals(Side.LEFT, Side.of("left"));
    assertEquals(ErrorCode.BAD_SIDE, assertThrows(OtException.class, () -> Side.of("middle")).code());
  }
}
