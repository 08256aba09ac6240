package org.personacollab.generation.research;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON and YAML: records from arrays of objects, key paths in text, typed failures. */
class TreeParsingTest {

  private final ResearchLoader loader = new ResearchLoader(ResearchLimits.defaults());

  private ResearchDocument parse(String source, String content) {
    return loader.parse(source, content.getBytes(UTF_8));
  }

  private static void assertCode(Runnable action, String code, String... messageParts) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            ResearchException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(messageParts);
            });
  }

  @Test
  void parse_jsonObjectWithNestedArray_recordsFromTheArrayAndPathsInText() {
    ResearchDocument document =
        parse(
            "s.json",
            """
            {"study": "Diary", "responses": [
              {"participant": "P1", "ratings": {"speed": 5}, "tools": ["app", "paper"], "skip": null},
              {"participant": "P2", "answer": "I plan\\non Sundays"}
            ]}\
            """);

    assertThat(document.records())
        .containsExactly(
            Map.of(
                "participant", "P1", "ratings.speed", "5", "tools[0]", "app", "tools[1]", "paper"),
            Map.of("participant", "P2", "answer", "I plan\non Sundays"));
    assertThat(document.text())
        .isEqualTo(
            """
            study: Diary

            responses[0].participant: P1
            responses[0].ratings.speed: 5
            responses[0].tools[0]: app
            responses[0].tools[1]: paper

            responses[1].participant: P2
            responses[1].answer: I plan on Sundays
            """);
  }

  @Test
  void parse_brokenJson_unreadableWithLine() {
    assertCode(
        () -> parse("survey.json", "[\n {\"participant\": \"P1\",\n}\n]"),
        "research_unreadable",
        "survey.json",
        "not valid JSON",
        "line 3");
  }

  @Test
  void parse_jsonWithTrailingContent_unreadable() {
    assertCode(
        () -> parse("survey.json", "{\"a\": 1} {\"b\": 2}"), "research_unreadable", "survey.json");
  }

  @Test
  void parse_emptyJsonArray_empty() {
    assertCode(() -> parse("survey.json", "[]"), "research_empty", "survey.json");
  }

  @Test
  void parse_yamlWithSeveralDocuments_allRead() {
    ResearchDocument document =
        parse(
            "o.yml",
            "participant: P1\nnote: Plans on paper\n---\n- participant: P2\n  note: Uses an app\n");

    assertThat(document.format()).isEqualTo(ResearchFormat.YAML);
    assertThat(document.records())
        .containsExactly(Map.of("participant", "P2", "note", "Uses an app"));
    assertThat(document.text())
        .contains("participant: P1\nnote: Plans on paper\n")
        .contains("[0].note: Uses an app");
  }

  @Test
  void parse_brokenYaml_unreadableWithLine() {
    assertCode(
        () -> parse("observations.yaml", "observations:\n  - participant: P1\n   bad: [unclosed\n"),
        "research_unreadable",
        "observations.yaml",
        "not valid YAML",
        "line");
  }

  @Test
  void parse_yamlWithCrlfAndBom_parsed() {
    ResearchDocument document =
        parse("o.yaml", "\uFEFF- participant: P1\r\n  quote: I shop on Sundays\r\n");

    assertThat(document.records())
        .containsExactly(Map.of("participant", "P1", "quote", "I shop on Sundays"));
  }
}
