package org.personacollab.generation.offline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.personacollab.generation.research.ExampleData;
import org.personacollab.generation.research.NamedContent;
import org.personacollab.generation.research.ResearchDocument;
import org.personacollab.generation.research.ResearchException;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.research.ResearchLoader;
import tools.jackson.databind.json.JsonMapper;

/** The offline generator on the example study and on small hand-made inputs. */
class OfflineGeneratorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-12T10:00:00Z"), ZoneOffset.UTC);
  private static final List<ResearchDocument> EXAMPLES = ExampleData.load().documents();
  private static final List<String> LISTS =
      List.of("goals", "pain_points", "behaviours", "motivations");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OfflineGenerator generator = new OfflineGenerator(CLOCK);

  private static List<ResearchDocument> docs(String... nameThenContent) {
    List<NamedContent> contents = new ArrayList<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      contents.add(new NamedContent(nameThenContent[i], nameThenContent[i + 1].getBytes(UTF_8)));
    }
    return new ResearchLoader(ResearchLimits.defaults()).parseAll(contents).documents();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> persona, String key) {
    return (List<String>) persona.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> evidence(Map<String, Object> persona) {
    return (List<Map<String, Object>>) persona.get("evidence");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> persona, String key) {
    return (Map<String, Object>) persona.get(key);
  }

  private static String collapse(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** Every document's text and record values, whitespace collapsed: what "in the input" means. */
  private static List<String> inputTexts(List<ResearchDocument> documents) {
    List<String> texts = new ArrayList<>();
    for (ResearchDocument document : documents) {
      texts.add(collapse(document.text()));
      for (Map<String, String> record : document.records()) {
        for (String value : record.values()) {
          texts.add(collapse(value));
        }
      }
    }
    return texts;
  }

  private static List<String> interviewerTurns(List<ResearchDocument> documents) {
    List<String> turns = new ArrayList<>();
    for (ResearchDocument document : documents) {
      for (Map<String, String> record : document.records()) {
        if ("interviewer".equals(record.get("role"))) {
          turns.add(record.get("text"));
        }
      }
    }
    return turns;
  }

  private static Map<String, Map<String, String>> csvRows() {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (ResearchDocument document : EXAMPLES) {
      if (document.source().equals("interviews.csv")) {
        for (Map<String, String> record : document.records()) {
          rows.put(record.get("participant"), record);
        }
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------ determinism

  @Test
  void generate_sameInputAndClock_byteIdenticalJson() {
    for (int count = 1; count <= 5; count++) {
      List<ResearchDocument> reloaded = ExampleData.load().documents();

      String first = JSON.writeValueAsString(generator.generate(EXAMPLES, count));
      String second =
          JSON.writeValueAsString(new OfflineGenerator(CLOCK).generate(reloaded, count));

      assertThat(second).as("count %d", count).isEqualTo(first);
    }
  }

  @Test
  void generate_otherClock_onlyGeneratedAtDiffers() {
    Clock later = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    String now = JSON.writeValueAsString(generator.generate(EXAMPLES, 3));
    String then = JSON.writeValueAsString(new OfflineGenerator(later).generate(EXAMPLES, 3));

    assertThat(then.replace("2026-01-01T00:00:00Z", "2025-03-12T10:00:00Z")).isEqualTo(now);
  }

  // ------------------------------------------------------------------ grounding

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void generate_quotes_verbatimParticipantSentencesNeverInterviewerLines(int count) {
    List<String> inputs = inputTexts(EXAMPLES);
    List<String> interviewer = interviewerTurns(EXAMPLES);

    for (Map<String, Object> persona : generator.generate(EXAMPLES, count)) {
      assertThat(strings(persona, "quotes")).isNotEmpty();
      for (String quote : strings(persona, "quotes")) {
        assertThat(inputs).as(quote).anySatisfy(text -> assertThat(text).contains(quote));
        assertThat(interviewer).as(quote).noneSatisfy(turn -> assertThat(turn).contains(quote));
        assertThat(Sentences.isFirstPerson(quote)).as(quote).isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void generate_listItems_eachTracedByEvidenceToAnInputSentence(int count) {
    List<String> inputs = inputTexts(EXAMPLES);

    for (Map<String, Object> persona : generator.generate(EXAMPLES, count)) {
      for (String list : LISTS) {
        for (String item : strings(persona, list)) {
          Map<String, Object> entry =
              evidence(persona).stream()
                  .filter(e -> list.equals(e.get("field")) && item.equals(e.get("claim")))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no evidence for " + list + ": " + item));
          String excerpt = (String) entry.get("excerpt");
          assertThat(excerpt.toLowerCase(Locale.ROOT))
              .as(item)
              .contains(item.toLowerCase(Locale.ROOT));
          assertThat(inputs).as(excerpt).anySatisfy(text -> assertThat(text).contains(excerpt));
          assertThat((List<?>) entry.get("sources")).isNotEmpty();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void generate_demographics_matchTheCsvRowsOfTheParticipantsRepresented(int count) {
    Map<String, Map<String, String>> csv = csvRows();

    for (Map<String, Object> persona : generator.generate(EXAMPLES, count)) {
      Map<String, Object> entry =
          evidence(persona).stream()
              .filter(e -> "demographics".equals(e.get("field")))
              .findFirst()
              .orElseThrow();
      @SuppressWarnings("unchecked")
      List<String> ids = (List<String>) entry.get("participants");
      List<Integer> ages =
          ids.stream().map(id -> Integer.parseInt(csv.get(id).get("age"))).sorted().toList();
      int median = ages.get(ages.size() / 2);
      String[] range = ((String) map(persona, "demographics").get("age_range")).split("-");

      assertThat(median).isBetween(Integer.parseInt(range[0]), Integer.parseInt(range[1]));
      assertThat(map(persona, "demographics").get("occupation"))
          .isEqualTo(mostCommon(csv, ids, "occupation"));
      assertThat(map(persona, "demographics").get("location"))
          .isEqualTo(mostCommon(csv, ids, "location"));
      assertThat(map(persona, "demographics").get("household"))
          .isEqualTo(mostCommon(csv, ids, "household"));
      assertThat(entry.get("sources")).isEqualTo(List.of("interviews.csv"));
    }
  }

  private static String mostCommon(
      Map<String, Map<String, String>> csv, List<String> ids, String column) {
    Map<String, Long> counts =
        ids.stream()
            .map(id -> csv.get(id).get(column))
            .collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()));
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    return counts.entrySet().stream()
        .filter(e -> e.getValue() == max)
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  // ------------------------------------------------------------------ several personas

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void generate_count_thatManyDistinctPersonas(int count) {
    List<Map<String, Object>> personas = generator.generate(EXAMPLES, count);

    assertThat(personas).hasSize(count);
    assertThat(personas.stream().map(p -> p.get("name")).distinct()).hasSize(count);
    assertThat(personas.stream().map(p -> p.get("id")).distinct()).hasSize(count);
    assertThat(personas.stream().map(p -> p.get("title")).distinct()).hasSize(count);
    assertThat(personas.stream().map(p -> p.get("goals")).distinct()).hasSize(count);
    for (Map<String, Object> persona : personas) {
      assertThat((String) persona.get("id")).matches("persona-[0-9a-f]{8}");
      assertThat((String) persona.get("name")).matches("\\S+ \\S+");
      assertThat(strings(persona, "goals")).hasSizeBetween(1, 6);
      assertThat(strings(persona, "quotes")).hasSizeBetween(1, 5);
    }
  }

  @Test
  void generate_examplesInThreePersonas_recoversTheStudysGroups() {
    List<Set<String>> groups = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (Map<String, Object> persona : generator.generate(EXAMPLES, 3)) {
      String represents = (String) evidence(persona).get(0).get("claim");
      groups.add(Set.of(represents.substring(represents.indexOf(": ") + 2).split(", ")));
      titles.add((String) persona.get("title"));
    }

    assertThat(groups)
        .containsExactly(
            Set.of("P1", "P2", "P3", "P4"),
            Set.of("P5", "P6", "P7", "P8"),
            Set.of("P9", "P10", "P11"));
    assertThat(titles)
        .containsExactly(
            "The Time-Pressed Planner",
            "The Budget-Conscious Bargain Hunter",
            "The Health-Focused Tracker");
  }

  @Test
  void generate_eachPersona_usesOnlyItsOwnParticipants() {
    for (Map<String, Object> persona : generator.generate(EXAMPLES, 3)) {
      String represents = (String) evidence(persona).get(0).get("claim");
      Set<String> members = Set.of(represents.substring(represents.indexOf(": ") + 2).split(", "));
      for (Map<String, Object> entry : evidence(persona).subList(1, evidence(persona).size())) {
        @SuppressWarnings("unchecked")
        List<String> participants = (List<String>) entry.getOrDefault("participants", List.of());
        assertThat(members).as("%s", entry).containsAll(participants);
      }
    }
  }

  // ------------------------------------------------------------------ shape

  @Test
  void generate_metadata_offlineProviderAndClockTime() {
    Map<String, Object> persona = generator.generate(EXAMPLES, 1).get(0);

    assertThat(persona.keySet())
        .containsExactly(
            "id",
            "name",
            "title",
            "demographics",
            "goals",
            "pain_points",
            "behaviours",
            "quotes",
            "motivations",
            "evidence",
            "metadata");
    assertThat(map(persona, "metadata"))
        .containsExactly(
            Map.entry("generated_at", "2025-03-12T10:00:00Z"),
            Map.entry("provider", "offline"),
            Map.entry("model", "offline-extractive-v1"),
            Map.entry("template", "default"),
            Map.entry("version", 1));
  }

  @Test
  void generate_output_onlyJsonTypesAndUnmodifiable() {
    List<Map<String, Object>> personas = generator.generate(EXAMPLES, 2);

    assertJsonReady(personas);
    assertThatThrownBy(() -> personas.get(0).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> strings(personas.get(0), "goals").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertJsonReady(Object value) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            assertThat(k).isInstanceOf(String.class);
            assertJsonReady(v);
          });
    } else if (value instanceof Collection<?> list) {
      assertThat(value).isInstanceOf(List.class);
      list.forEach(OfflineGeneratorTest::assertJsonReady);
    } else {
      assertThat(value).isInstanceOfAny(String.class, Integer.class, Long.class, Boolean.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 6})
  void generate_countOutOfRange_illegalArgumentNamingIt(int count) {
    assertThatThrownBy(() -> generator.generate(EXAMPLES, count))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 5")
        .hasMessageContaining(Integer.toString(count));
  }

  // ------------------------------------------------------------------ little data

  @Test
  void generate_noSentenceAtAll_researchEmpty() {
    List<ResearchDocument> numbersOnly = docs("ages.csv", "participant,age\nP1,34\nP2,41\n");

    assertThatThrownBy(() -> generator.generate(numbersOnly, 1))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.code()).isEqualTo("research_empty"));
    assertThatThrownBy(() -> generator.generate(List.of(), 1))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.code()).isEqualTo("research_empty"));
  }

  @Test
  void generate_littleData_shortListsNeverPadded() {
    List<ResearchDocument> tiny =
        docs(
            "p1.txt",
            "Interviewer: What do you want? I want to hear it all.\n"
                + "P1: I want to plan meals faster.\n");

    Map<String, Object> persona = generator.generate(tiny, 1).get(0);

    assertThat(strings(persona, "goals")).containsExactly("Plan meals faster");
    assertThat(strings(persona, "pain_points")).isEmpty();
    assertThat(strings(persona, "behaviours")).isEmpty();
    assertThat(strings(persona, "motivations")).isEmpty();
    assertThat(strings(persona, "quotes")).containsExactly("I want to plan meals faster.");
    assertThat(map(persona, "demographics")).isEmpty();
  }

  @Test
  void generate_fewerParticipantsThanAsked_onePersonaPerParticipant() {
    List<ResearchDocument> two =
        docs(
            "a.csv",
            "participant,age,occupation,quote\n"
                + "P1,30,Nurse,I always plan dinners on Sunday because my shifts are long.\n"
                + "P2,50,Teacher,I hate how long the weekly shop takes me every time.\n");

    List<Map<String, Object>> personas = generator.generate(two, 5);

    assertThat(personas).hasSize(2);
    assertThat(personas)
        .extracting(p -> map(p, "demographics").get("occupation"))
        .containsExactly("Nurse", "Teacher");
    assertThat(personas)
        .extracting(p -> map(p, "demographics").get("age_range"))
        .containsExactly("30-39", "50-59");
  }

  @Test
  void generate_notesWithoutParticipantIds_onePersonaFromTheNotes() {
    List<ResearchDocument> notes =
        docs(
            "notes.txt",
            "I always check the fridge before I plan anything.\n\n"
                + "It's frustrating when the list app forgets my usual items.\n");

    List<Map<String, Object>> personas = generator.generate(notes, 3);

    assertThat(personas).hasSize(1);
    assertThat(strings(personas.get(0), "behaviours"))
        .containsExactly("I always check the fridge before I plan anything");
    assertThat(strings(personas.get(0), "pain_points"))
        .containsExactly("It's frustrating when the list app forgets my usual items");
    assertThat(strings(personas.get(0), "quotes")).isEmpty(); // notes are not a participant's words
  }

  @Test
  void generate_quotedVerbatimInNotes_attributedToTheNamedParticipant() {
    List<ResearchDocument> research =
        docs(
            "profile.csv",
            "participant,age\nP4,36\n",
            "workshop.md",
            "## Verbatims\n"
                + "- \"I gave up on the app because it never knows I'm on nights.\" (P4)\n");

    Map<String, Object> persona = generator.generate(research, 1).get(0);

    assertThat(strings(persona, "quotes"))
        .containsExactly("I gave up on the app because it never knows I'm on nights.");
    assertThat(strings(persona, "pain_points")).containsExactly("I gave up on the app");
    assertThat(evidence(persona))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("field", "quotes")
                    .containsEntry("participants", List.of("P4")));
  }
}
