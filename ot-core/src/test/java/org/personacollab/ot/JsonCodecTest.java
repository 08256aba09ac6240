package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({
      "1, 1", "1.0, 1", "-0, 0", "3.5, 3.5", "0.1, 0.1", "1e21, 1e+21", "1e20, 100000000000000000000",
      "123456789012345678, 123456789012345680", "1.5e-7, 1.5e-7", "0.000001, 0.000001", "2e-7, 2e-7",
      "9007199254740993, 9007199254740992", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
      "0.30000000000000004, 0.30000000000000004", "2e23, 2e+23", "-12.75, -12.75", "100, 100"
  })
  void write_numbers_likeJavaScript(String in, String printed) {
    assertEquals(printed, JsonCodec.write(JsonCodec.parse(in)));
  }

  @Test
  void write_javaNumbers_normalised() {
    assertEquals("[3,3,3.5,0.1,12]", JsonCodec.write(List.of(3, 3.0, 3.5f, 0.1f, new BigDecimal("12"))));
  }

  @Test
  void write_strings_likeJsonStringify() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\\t/é😀\"", JsonCodec.write("a\"b\\c\n\u0001\t/é😀"));
    assertEquals("\"\\ud83d x\"", JsonCodec.write("\ud83d x")); // lone surrogate escaped
    assertEquals("\"\\ud83d\"", JsonCodec.write(JsonCodec.parse("\"\\ud83d\"")));
  }

  @Test
  void write_keys_inJavaScriptPropertyOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("10", 2);
    m.put("a", 3);
    m.put("2", 4);
    m.put("01", 5);
    assertEquals("{\"2\":4,\"10\":2,\"b\":1,\"a\":3,\"01\":5}", JsonCodec.write(m));
    assertEquals("{\"01\":5,\"10\":2,\"2\":4,\"a\":3,\"b\":1}", JsonCodec.canonical(m));
  }

  @Test
  void parse_duplicateKey_keepsFirstPositionAndLastValue() {
    assertEquals("{\"a\":3,\"b\":2}", JsonCodec.write(JsonCodec.parse("{\"a\":1,\"b\":2,\"a\":3}")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "nul", "[1] 2", "\"a\nb\"", "1e999"})
  void parse_malformed_isMalformedJson(String text) {
    OtException e = assertThrows(OtException.class, () -> JsonCodec.parse(text));
    assertEquals(ErrorCode.MALFORMED_JSON, e.code());
    assertTrue(e.getMessage().contains("position"), e.getMessage());
  }

  @Test
  void jsonEquals_numbersByValue_keyOrderIgnored() {
    assertTrue(JsonCodec.jsonEquals(Map.of("a", 1, "b", List.of(2.0)), JsonCodec.parse("{\"b\":[2],\"a\":1.0}")));
    assertFalse(JsonCodec.jsonEquals(Map.of("a", 1), Map.of("a", "1")));
  }
}
