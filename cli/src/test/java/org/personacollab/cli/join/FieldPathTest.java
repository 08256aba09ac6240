package org.personacollab.cli.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldPathTest {

  @Test
  void parse_dotsBracketsAndJson() {
    Object[][] cases = {
      {"name", List.of("name")},
      {" demographics.age ", List.of("demographics", "age")},
      {"goals.2", List.of("goals", "2")},
      {"goals[2]", List.of("goals", 2)},
      {"a[0][1].b", List.of("a", 0, 1, "b")},
      {"[\"odd.key\",0]", List.of("odd.key", 0)},
    };
    for (Object[] c : cases) {
      assertThat(FieldPath.parse((String) c[0])).as((String) c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void parse_invalid_saysHowToWriteIt() {
    String[][] cases = {
      {"", "give a field, e.g. demographics.age"},
      {".", "give a field, e.g. demographics.age"},
      {"a..b", "'a..b' has an empty field name; write it like demographics.age or goals[2]"},
      {"goals[x]", "'goals[x]': indexes are written [0], [1], ..."},
      {"goals[1", "'goals[1': indexes are written [0], [1], ..."},
      {"[]", "a JSON path is a non-empty array, e.g. [\"goals\",0]"},
      {"[\"a\",-1]", "path segments are keys or indexes >= 0, not -1"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> FieldPath.parse(c[0])).as(c[0]).isInstanceOf(EditException.class).hasMessage(c[1]);
    }
  }

  @Test
  void render_asTyped() {
    assertThat(FieldPath.render(List.of("demographics", "age"))).isEqualTo("demographics.age");
    assertThat(FieldPath.render(List.of("goals", 2, "text"))).isEqualTo("goals[2].text");
    assertThat(FieldPath.render(List.of())).isEqualTo("the persona");
  }
}
