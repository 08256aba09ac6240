package org.personacollab.generation.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.provider.GenerationFailure.Reason;
import org.personacollab.generation.research.ResearchDocument;
import org.personacollab.generation.research.ResearchFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PersonaParserTest {
  private static final PersonaMetadata META = new PersonaMetadata("2026-11-26T10:00:00Z", "openai", "gpt-4o-mini", "persona-v1");
  private final PersonaParser parser = new PersonaParser(JsonMapper.builder().build());

  private static String persona(String name) {
    return """
        {"name": "%s", "title": "The Planner", "demographics": {"age_range": "30-39"},
         "goals": ["g"], "pain_points": [], "behaviours": ["b"], "quotes": ["q"], "motivations": ["m"],
         "metadata": {"provider": "made-up", "source_note": "kept"}}""".formatted(name);
  }

  @Test
  void parse_fencedAnswerWithProse_givesThePersonaWithOurMetadata() {
    String raw = "Sure! Here is the persona:\n```json\n{\"personas\": [" + persona("Ann") + "]}\n```\nLet me know.";

    ObjectNode doc = parser.parse(raw, 1, META).document();

    assertThat(doc.get("name").asString()).isEqualTo("Ann");
    assertThat(doc.get("id").asString()).matches("persona-[0-9a-f]{8}");
    assertThat(doc.get("metadata").toString())
        .isEqualTo("{\"provider\":\"openai\",\"source_note\":\"kept\",\"generated_at\":\"2026-11-26T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"template\":\"persona-v1\",\"version\":1}");
  }

  @Test
  void parse_shapes_allGiveThePersona() {
    // Given / When / Then: {"personas":[…]}, a bare array, one object, prose around a bare object
    for (String raw : List.of("{\"personas\":[" + persona("A") + "]}", "[" + persona("A") + "]", persona("A"), "Here: " + persona("A") + " done")) {
      assertThat(parser.parse(raw, 1, META).candidates()).as(raw).hasSize(1);
    }
  }

  @Test
  void parse_setOfThree_firstIsTheDocument_allAreCandidatesUnderMetadata() {
    String raw = "{\"personas\":[" + persona("A") + "," + persona("B") + "," + persona("C") + "]}";

    ParsedPersonas parsed = parser.parse(raw, 3, META);
    ObjectNode doc = parsed.document();

    assertThat(doc.get("name").asString()).isEqualTo("A");
    assertThat(doc.at("/metadata/candidates").size()).isEqualTo(3);
    assertThat(doc.at("/metadata/candidates/1/name").asString()).isEqualTo("B");
    assertThat(doc.at("/metadata/candidates/1").has("metadata")).isFalse();
    assertThat(parsed.candidates().get(0).at("/metadata").has("candidates")).as("candidates untouched").isFalse();
  }

  @Test
  void parse_withoutMetadata_keepsTheAnswersOwn_whichMustBeAnObject() {
    ObjectNode doc = parser.parse(persona("A"), 1, null).document();
    assertThat(doc.get("metadata").toString()).isEqualTo("{\"provider\":\"made-up\",\"source_note\":\"kept\"}");

    String bare = persona("A").replaceAll(",\\s*\"metadata\": \\{[^}]*\\}", "");
    assertThat(bare).doesNotContain("metadata");
    GenerationFailure f = catchThrowableOfType(GenerationFailure.class, () -> parser.parse(bare, 1, null));
    assertThat(f.getMessage()).contains("metadata must be an object");
  }

  @Test
  void parse_moreThanAsked_isCutToTheCount() {
    String raw = "[" + persona("A") + "," + persona("B") + "]";

    assertThat(parser.parse(raw, 1, META).candidates()).hasSize(1);
  }

  @Test
  void parse_failures_carryReasonAndRawText() {
    record Case(String raw, Reason reason, String message) {}
    List<Case> cases =
        List.of(
            new Case("I cannot help with that.", Reason.UNPARSEABLE, "the answer holds no JSON object or array"),
            new Case("{\"personas\": [{\"name\": \"A\",", Reason.UNPARSEABLE, "the answer is not valid JSON"),
            new Case("{\"personas\": []}", Reason.INVALID, "the answer holds no persona"),
            new Case("{\"personas\": {}}", Reason.INVALID, "\"personas\" must be a list"),
            new Case("[1]", Reason.INVALID, "personas[0] must be an object"),
            new Case("\"just a string\"", Reason.UNPARSEABLE, "no JSON object or array"),
            new Case(persona("A").replace("\"quotes\": [\"q\"]", "\"quotes\": [\"q\", 7]"), Reason.INVALID, "quotes must be a list of strings"),
            new Case(persona(" "), Reason.INVALID, "name must be a non-blank string"));
    for (Case c : cases) {
      GenerationFailure f = catchThrowableOfType(GenerationFailure.class, () -> parser.parse(c.raw(), 1, META));
      assertThat(f).as(c.raw()).isNotNull();
      assertThat(f.reason()).as(c.raw()).isEqualTo(c.reason());
      assertThat(f.getMessage()).as(c.raw()).contains(c.message());
      assertThat(f.rawText()).isEqualTo(c.raw());
    }
  }

  @Test
  void prompt_namesCountDetailAndSources_andRefusesTooLarge() {
    var docs = List.of(
        new ResearchDocument("interviews/p1.txt", ResearchFormat.TEXT, "I shop on Sundays. {{count}}", List.of()),
        new ResearchDocument("survey.csv", ResearchFormat.CSV, "age,answer\n34,fine", List.of()));

    String prompt = new PersonaPrompt(100_000).render(docs, 3, DetailLevel.BRIEF);

    assertThat(prompt)
        .contains("Write 3 distinct persona(s)")
        .contains("Level of detail: brief")
        .contains("2 source(s): interviews/p1.txt, survey.csv")
        .contains("=== source: interviews/p1.txt (text) ===\nI shop on Sundays. {{count}}")
        .contains("=== source: survey.csv (csv) ===");
    GenerationFailure f = catchThrowableOfType(GenerationFailure.class, () -> new PersonaPrompt(1_000).render(docs, 1, DetailLevel.BRIEF));
    assertThat(f.reason()).isEqualTo(Reason.PROMPT_TOO_LARGE);
    assertThat(f.getMessage()).contains("more than persona.generation.max-prompt-chars (1000)");
  }
}
