package org.personacollab.cli.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputLineTest {

  @Test
  void parse_commandsAndValues() {
    Object[][] cases = {
      {"set demographics.age 34", new InputLine.Set(List.of("demographics", "age"), 34L)},
      {"  SET name   Ada Lovelace ", new InputLine.Set(List.of("name"), "Ada Lovelace")},
      {"set name \"Ada\"", new InputLine.Set(List.of("name"), "Ada")},
      {"set age \"34\"", new InputLine.Set(List.of("age"), "34")},
      {"set flags [\"a\", true, null]", new InputLine.Set(List.of("flags"), java.util.Arrays.asList("a", true, null))},
      {"set note null", new InputLine.Set(List.of("note"), null)},
      {"set place {\"city\": \"Łódź\"}", new InputLine.Set(List.of("place"), Map.of("city", "Łódź"))},
      {"add goals Ship faster", new InputLine.Add(List.of("goals"), "Ship faster")},
      {"unset goals[1]", new InputLine.Unset(List.of("goals", 1))},
      {"rm notes", new InputLine.Unset(List.of("notes"))},
      {"show", new InputLine.Show(null)},
      {"show demographics.age", new InputLine.Show(List.of("demographics", "age"))},
      {"who", new InputLine.Who()},
      {"help", new InputLine.Help()},
      {"exit", new InputLine.Quit()},
      {"quit", new InputLine.Quit()},
      {"", new InputLine.Blank()},
      {"   # set name x", new InputLine.Blank()},
    };
    for (Object[] c : cases) {
      assertThat(InputLine.parse((String) c[0])).as((String) c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void parse_mistakes_sayWhatIsWrong() {
    String[][] cases = {
      {"sett name x", "unknown command 'sett'; type help for the list"},
      {"set name", "usage: set PATH VALUE, e.g. set demographics.age 34"},
      {"add goals", "usage: add PATH VALUE, e.g. add goals Ship faster"},
      {"unset", "usage: unset PATH, e.g. unset demographics.age"},
      {"unset a b", "usage: unset PATH, e.g. unset demographics.age"},
      {"set name {\"broken\"", "'{\"broken\"' looks like JSON but is not: "},
      {"set a..b 1", "'a..b' has an empty field name; write it like demographics.age or goals[2]"},
    };
    for (String[] c : cases) {
      assertThat(InputLine.parse(c[0])).as(c[0]).isInstanceOfSatisfying(InputLine.Invalid.class,
          invalid -> assertThat(invalid.message()).startsWith(c[1]));
    }
  }

  @Test
  void help_listsEveryCommand() {
    assertThat(String.join("\n", InputLine.HELP)).contains("set PATH VALUE", "add PATH VALUE", "unset PATH", "show [PATH]", "who", "help", "quit")
        .doesNotContain("%n");
  }
}
