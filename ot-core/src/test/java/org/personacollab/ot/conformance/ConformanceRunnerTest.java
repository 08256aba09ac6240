package org.personacollab.ot.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConformanceRunnerTest {

  static String[] run(String... lines) throws IOException {
    StringWriter out = new StringWriter();
    ConformanceRunner.run(new StringReader(String.join("\n", lines)), out);
    return out.toString().split("\n");
  }

  @Test
  void run_answersEveryLineInOrder() throws IOException {
    String[] out = run(
        "{\"fn\":\"apply\",\"doc\":{\"n\":1},\"op\":[{\"p\":[\"n\"],\"na\":2}]}",
        "not json",
        "{\"fn\":\"transform\",\"op\":[{\"p\":[0],\"li\":\"a\"}],\"other\":[{\"p\":[0],\"li\":\"b\"}],\"side\":\"right\"}",
        "{\"fn\":\"nope\"}",
        "{\"fn\":\"invert\",\"op\":[{\"p\":[\"a\"],\"oi\":1}]}",
        "{\"fn\":\"compose\",\"a\":[{\"p\":[\"n\"],\"na\":1}],\"b\":[{\"p\":[\"n\"],\"na\":2}]}",
        "{\"fn\":\"normalize\",\"op\":{\"oi\":1}}",
        "{\"fn\":\"apply\",\"doc\":{},\"op\":[{\"p\":[\"x\"],\"od\":1}]}",
        "{\"fn\":\"transform\",\"op\":[],\"other\":[],\"side\":\"up\"}",
        "{\"fn\":\"apply\",\"op\":[]}");
    assertEquals(10, out.length);
    assertEquals("{\"ok\":{\"n\":3}}", out[0]);
    assertTrue(out[1].startsWith("{\"error\":\"malformed_json: "), out[1]);
    assertEquals("{\"ok\":[{\"p\":[1],\"li\":\"a\"}]}", out[2]);
    assertTrue(out[3].startsWith("{\"error\":\"bad_request: unknown fn"), out[3]);
    assertEquals("{\"ok\":[{\"p\":[\"a\"],\"od\":1}]}", out[4]);
    assertEquals("{\"ok\":[{\"p\":[\"n\"],\"na\":3}]}", out[5]);
    assertEquals("{\"ok\":[{\"p\":[],\"oi\":1}]}", out[6]);
    assertTrue(out[7].startsWith("{\"error\":\"missing_key: component 0 (od at [\\\"x\\\"])"), out[7]);
    assertTrue(out[8].startsWith("{\"error\":\"bad_side: "), out[8]);
    assertEquals("{\"error\":\"bad_request: missing field \\\"doc\\\"\"}", out[9]);
  }
}
