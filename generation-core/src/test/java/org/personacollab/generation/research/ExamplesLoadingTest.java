package org.personacollab.generation.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every format in {@code examples/} parses, with the right sources and records. */
class ExamplesLoadingTest {

  private final ResearchBundle bundle = ExampleData.load();

  private ResearchDocument document(String source) {
    return bundle.documents().stream()
        .filter(d -> d.source().equals(source))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no document " + source));
  }

  @Test
  void load_examples_everyFileInSourceOrderWithoutProblems() {
    assertThat(bundle.problems()).isEmpty();
    assertThat(bundle.documents())
        .extracting(ResearchDocument::source, ResearchDocument::format)
        .containsExactly(
            tuple("interviews.csv", ResearchFormat.CSV),
            tuple("observations.yaml", ResearchFormat.YAML),
            tuple("survey.json", ResearchFormat.JSON),
            tuple("transcripts/p02-interview.txt", ResearchFormat.TEXT),
            tuple("transcripts/p06-interview.txt", ResearchFormat.TEXT),
            tuple("transcripts/p09-interview.txt", ResearchFormat.TEXT),
            tuple("workshop-notes.md", ResearchFormat.MARKDOWN));
  }

  @Test
  void load_examplesCsv_oneRecordPerParticipantWithHeaderKeys() {
    ResearchDocument csv = document("interviews.csv");

    assertThat(csv.records()).hasSize(11);
    assertThat(csv.records().get(0).keySet())
        .containsExactly(
            "participant",
            "age",
            "occupation",
            "location",
            "household",
            "tech_comfort",
            "shopping_channel",
            "quote",
            "biggest_frustration",
            "goal");
    assertThat(csv.records().get(0))
        .containsEntry("participant", "P1")
        .containsEntry("age", "34")
        .containsEntry("household", "Family of 4 (two children, 6 and 9)");
    // The quoted field that spans two lines stays one value.
    assertThat(csv.records().get(7).get("biggest_frustration"))
        .isEqualTo(
            "Splitting the shopping bill with flatmates is a nightmare every single week.\n"
                + "Someone always forgets to pay me back.");
    assertThat(csv.text()).contains("occupation: Secondary school teacher\n");
  }

  @Test
  void load_examplesJson_nestedValuesFlattenedWithKeyPaths() {
    ResearchDocument json = document("survey.json");

    assertThat(json.records()).hasSize(11);
    assertThat(json.records().get(0))
        .containsEntry("participant", "P1")
        .containsEntry("ratings.importance_speed", "5")
        .containsKey("answers.what_would_make_planning_easier");
    assertThat(json.text()).contains("[0].ratings.importance_speed: 5\n");
  }

  @Test
  void load_examplesYaml_observationsBecomeRecords() {
    ResearchDocument yaml = document("observations.yaml");

    assertThat(yaml.records()).hasSize(9);
    Map<String, String> first = yaml.records().get(0);
    assertThat(first).containsEntry("participant", "P1").containsKey("behaviours_seen[2]");
    assertThat(yaml.text())
        .startsWith("study: Pantry Planner discovery study\n")
        .contains("observations[0].tools_used[0]: Paper wall calendar\n");
  }

  @Test
  void load_examplesMarkdown_headingsKeptAsContextAndBulletsAsSentences() {
    ResearchDocument markdown = document("workshop-notes.md");

    assertThat(markdown.text())
        .contains("Pain points (top voted):\nRebuilding the shopping list every week (9 dots).\n");
    assertThat(markdown.records())
        .anySatisfy(
            r -> {
              assertThat(r.get("section"))
                  .isEqualTo(
                      "Pantry Planner synthesis workshop > Emerging groups > Health-led planners"
                          + " (P9, P10, P11)");
              assertThat(r.get("kind")).isEqualTo("list_item");
            });
    assertThat(markdown.text()).doesNotContain("**").doesNotContain("_Fictional");
  }

  @Test
  void load_examplesTranscripts_interviewerAndParticipantTurnsDistinguished() {
    ResearchDocument transcript = document("transcripts/p06-interview.txt");

    Map<String, List<Map<String, String>>> byRole =
        transcript.records().stream().collect(Collectors.groupingBy(r -> r.get("role")));
    assertThat(byRole.get("interviewer"))
        .allSatisfy(r -> assertThat(r.get("speaker")).isEqualTo("Interviewer"));
    assertThat(byRole.get("participant"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r).containsEntry("speaker", "P6").containsEntry("participant", "P6"));
    assertThat(byRole.get("other"))
        .extracting(r -> r.get("speaker"))
        .contains("Participant", "Date", "Duration");
    assertThat(transcript.text())
        .contains("\nInterviewer: Can you tell me")
        .contains("\nP6: I live on my own");
  }
}
