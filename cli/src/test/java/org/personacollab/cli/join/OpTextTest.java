package org.personacollab.cli.join;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.personacollab.ot.Op;

class OpTextTest {

  @Test
  void describe_eachKindOfComponent() {
    String[][] cases = {
      {"[{\"p\":[\"demographics\",\"age\"],\"od\":33,\"oi\":34}]", "set demographics.age = 34"},
      {"[{\"p\":[\"title\"],\"oi\":\"Lead\"}]", "set title = \"Lead\""},
      {"[{\"p\":[\"title\"],\"od\":\"Lead\"}]", "removed title"},
      {"[{\"p\":[\"goals\",2],\"li\":\"Ship\"}]", "added goals[2] = \"Ship\""},
      {"[{\"p\":[\"goals\",2],\"ld\":\"Ship\"}]", "removed goals[2]"},
      {"[{\"p\":[\"goals\",2],\"ld\":\"Ship\",\"li\":\"Sail\"}]", "set goals[2] = \"Sail\""},
      {"[{\"p\":[\"goals\",0],\"lm\":2}]", "moved goals[0] to [2]"},
      {"[{\"p\":[\"demographics\",\"age\"],\"na\":1}]", "added 1 to demographics.age"},
      {"[{\"p\":[\"name\",0],\"si\":\"Dr \"}]", "typed \"Dr \" into name at 0"},
      {"[{\"p\":[\"name\",0],\"sd\":\"Dr \"}]", "deleted \"Dr \" from name at 0"},
      {"[{\"p\":[],\"od\":{},\"oi\":{\"name\":\"x\"}}]", "replaced the persona = {\"name\":\"x\"}"},
      {"[{\"p\":[\"a\"],\"oi\":1},{\"p\":[\"b\"],\"oi\":2}]", "set a = 1; set b = 2"},
      {"[]", "no change"},
      {"[{\"p\":[\"goals\"],\"od\":[],\"oi\":[\"g\"]},{\"p\":[\"_crdt\"],\"oi\":{\"registers\":[]}}]", "set goals = [\"g\"]"},
      {"[{\"p\":[\"_crdt\"],\"oi\":{\"registers\":[]}}]", "merged offline changes"},
    };
    for (String[] c : cases) {
      assertThat(OpText.describe(Op.parse(c[0]))).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void describe_longValuesAreCut() {
    String text = OpText.describe(Op.parse("[{\"p\":[\"bio\"],\"oi\":\"" + "x".repeat(200) + "\"}]"));

    assertThat(text).hasSize("set bio = ".length() + OpText.MAX_VALUE).endsWith("…");
  }
}
