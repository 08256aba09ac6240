package org.personacollab.generation.research;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscriptParsingTest {

  private final ResearchLoader loader = new ResearchLoader(ResearchLimits.defaults());

  private ResearchDocument parse(String text) {
    return loader.parse("interview.txt", text.getBytes(UTF_8));
  }

  private static List<String> column(ResearchDocument document, String key) {
    return document.records().stream().map(r -> r.getOrDefault(key, "-")).toList();
  }

  @Test
  void parse_labelledLines_rolesAndParticipantIds() {
    ResearchDocument document =
        parse(
            """
            Participant: P3 (nurse, 36)
            Date: 2025-03-04

            [00:01:02] Interviewer: What do you want from an app?
            00:01:10 - P3: I want it to be quick.
            It has to be, honestly.
            Q: And then?
            p3: And then I said: no thanks.
            """);

    assertThat(column(document, "role"))
        .containsExactly(
            "other", "other", "interviewer", "participant", "interviewer", "participant");
    assertThat(column(document, "speaker"))
        .containsExactly("Participant", "Date", "Interviewer", "P3", "Q", "p3");
    assertThat(column(document, "participant")).containsExactly("-", "-", "-", "P3", "-", "P3");
    assertThat(document.records().get(3).get("text"))
        .isEqualTo("I want it to be quick. It has to be, honestly.");
    assertThat(document.text())
        .contains("Interviewer: What do you want from an app?\n")
        .contains("P3: I want it to be quick. It has to be, honestly.\n")
        .contains("p3: And then I said: no thanks.\n");
  }

  @Test
  void parse_namedSpeakersAndGenericLabel_participantsByRepetition() {
    ResearchDocument document =
        parse(
            """
            Participant: P7
            Moderator: Hello.
            Participant: I shop on Fridays.
            Moderator: Why?
            Participant: Because it's quiet.
            """);

    assertThat(document.records())
        .extracting(r -> r.get("role"), r -> r.getOrDefault("participant", "-"))
        .containsExactly(
            tuple("other", "-"),
            tuple("interviewer", "-"),
            tuple("participant", "P7"),
            tuple("interviewer", "-"),
            tuple("participant", "P7"));
  }

  @Test
  void parse_unlabelledNotes_paragraphsWithRoleOther() {
    ResearchDocument document =
        parse("She plans on paper.\nShe checks the fridge first.\n\nSecond note: short.\n");

    assertThat(document.records())
        .containsExactly(
            Map.of(
                "turn",
                "1",
                "speaker",
                "",
                "role",
                "other",
                "text",
                "She plans on paper. She checks the fridge first."),
            Map.of("turn", "2", "speaker", "", "role", "other", "text", "Second note: short."));
  }
}
