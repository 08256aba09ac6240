package org.personacollab.generation.offline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchDocument;

/**
 * The documents read as participants and sentences.
 *
 * <p>Participants are tied together across files by their id: the value of a column such as {@code
 * participant} or {@code respondent_id} in CSV, JSON and YAML records, the speaker of a transcript
 * turn, or the {@code (P5)} / {@code — P5} after a quoted verbatim. Values of a record are sorted
 * into three kinds: numbers (ages, ratings), short categorical values (occupation, location: at
 * most 8 words, no closing full stop, no "I") and free text, which is split into sentences.
 * Interviewer turns are dropped. Text in quotation marks inside a researcher's note is taken as the
 * participant's own words.
 */
final class Corpus {

  private static final Set<String> PARTICIPANT_KEYS =
      Set.of(
          "participant",
          "participant_id",
          "participantid",
          "participant_code",
          "participant_no",
          "respondent",
          "respondent_id",
          "respondentid",
          "pid",
          "interviewee",
          "interviewee_id",
          "user_id",
          "userid");
  static final List<String> AGE_KEYS =
      List.of("age", "age_years", "age_group", "age_range", "age_band", "ages");
  static final List<String> OCCUPATION_KEYS =
      List.of("occupation", "job", "job_title", "profession", "role", "work", "position");
  static final List<String> LOCATION_KEYS =
      List.of(
          "location",
          "city",
          "town",
          "region",
          "country",
          "home_town",
          "lives_in",
          "area",
          "based_in");
  private static final Pattern ID = Pattern.compile("[A-Za-z]{1,3}\\d{1,4}");
  private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}(\\.\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("\\d{1,3}");
  private static final Pattern QUOTED =
      Pattern.compile(
          "[\"\u201C]([^\"\u201C\u201D]{12,800}?)[\"\u201D]"
              // an attribution after it: "(P5)" or "- P5"
              + "(?:\\s*(?:\\(\\s*([A-Za-z]{1,3}\\d{1,4})\\s*\\)"
              + "|[-\u2013\u2014]+\\s*([A-Za-z]{1,3}\\d{1,4})\\b))?");

  final Map<String, Participant> participants = new LinkedHashMap<>();
  final List<Utterance> utterances = new ArrayList<>();

  /** Extra categorical profile keys, in first-seen order. */
  final Set<String> profileKeys = new LinkedHashSet<>();

  private Corpus() {}

  static Corpus of(List<ResearchDocument> documents) {
    Corpus corpus = new Corpus();
    for (ResearchDocument document : documents) {
      corpus.read(document);
    }
    return corpus;
  }

  /** Whether any participant's own words exist (not only researchers' notes). */
  boolean hasSpokenWords() {
    for (Utterance utterance : utterances) {
      if (utterance.kind() == Utterance.Kind.SPOKEN) {
        return true;
      }
    }
    return false;
  }

  List<Utterance> unattributed() {
    List<Utterance> out = new ArrayList<>();
    for (Utterance utterance : utterances) {
      if (utterance.participant() == null) {
        out.add(utterance);
      }
    }
    return out;
  }

  Collection<Participant> participantList() {
    return participants.values();
  }

  private void read(ResearchDocument document) {
    switch (document.format()) {
      case CSV:
      case JSON:
      case YAML:
        if (document.records().isEmpty()) {
          readKeyValueLines(document);
        } else {
          for (Map<String, String> record : document.records()) {
            readRecord(document.source(), record);
          }
        }
        break;
      case TEXT:
        for (Map<String, String> record : document.records()) {
          String text = record.getOrDefault("text", "");
          String role = record.getOrDefault("role", "");
          if (role.equals("participant")) {
            String id = participantId(record.getOrDefault("participant", ""));
            addText(text, id, document.source(), "", Utterance.Kind.SPOKEN, null, false);
          } else if (role.equals("other") && record.getOrDefault("speaker", "").isEmpty()) {
            addText(text, null, document.source(), "", Utterance.Kind.NOTE, null, false);
          }
        }
        break;
      case MARKDOWN:
        for (Map<String, String> record : document.records()) {
          String section = record.getOrDefault("section", "");
          addText(
              record.getOrDefault("text", ""),
              null,
              document.source(),
              section,
              Utterance.Kind.NOTE,
              hintFor(section),
              false);
        }
        break;
      default:
        throw new AssertionError(document.format());
    }
  }

  private void readKeyValueLines(ResearchDocument document) {
    for (String line : document.text().split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        String key = baseKey(line.substring(0, colon));
        addText(
            line.substring(colon + 2),
            null,
            document.source(),
            key,
            kindFor(key),
            hintFor(key),
            isQuoteKey(key));
      } else if (!line.isBlank()) {
        addText(line, null, document.source(), "", Utterance.Kind.NOTE, null, false);
      }
    }
  }

  private void readRecord(String source, Map<String, String> record) {
    @Nullable String participantKey = null;
    for (String key : record.keySet()) {
      if (PARTICIPANT_KEYS.contains(baseKey(key)) && !record.get(key).isBlank()) {
        participantKey = key;
        break;
      }
    }
    String id = participantKey == null ? null : participantId(record.get(participantKey));
    @Nullable Participant participant = id == null ? null : participant(id);
    boolean profileRecord = false;
    for (String key : record.keySet()) {
      String base = baseKey(key);
      if (AGE_KEYS.contains(base)
          || OCCUPATION_KEYS.contains(base)
          || LOCATION_KEYS.contains(base)) {
        profileRecord = true;
      }
    }
    for (Map.Entry<String, String> entry : record.entrySet()) {
      String key = entry.getKey();
      String value = Sentences.collapse(entry.getValue());
      if (key.equals(participantKey) || isMissing(value)) {
        continue;
      }
      String base = baseKey(key);
      Category hint = hintFor(base);
      if (participant != null && AGE_KEYS.contains(base)) {
        Matcher ages = INTEGER.matcher(value);
        while (ages.find()) {
          int age = Integer.parseInt(ages.group());
          if (age >= 1 && age <= 120) {
            participant.ages.add(age);
          }
        }
        participant.profileSources.add(source);
      }
      if (NUMBER.matcher(value).matches()) {
        if (participant != null) {
          participant.numbers.putIfAbsent(base, Double.parseDouble(value));
        }
      } else if (hint == null && !isQuoteKey(base) && isCategorical(value)) {
        if (participant != null && profileRecord && !AGE_KEYS.contains(base)) {
          participant.profile.putIfAbsent(base, value);
          participant.profileSources.add(source);
          profileKeys.add(base);
        }
      } else {
        addText(value, id, source, base, kindFor(base), hint, isQuoteKey(base));
      }
    }
  }

  /**
   * Adds the sentences of {@code text}. Quoted passages of 12 characters or more are also added as
   * the words of the participant named right after them, or else of {@code participant}; in a note,
   * the sentences holding them are then left out, since "She said: ..." is no finding.
   */
  private void addText(
      String text,
      @Nullable String participant,
      String source,
      String field,
      Utterance.Kind kind,
      @Nullable Category hint,
      boolean quoteField) {
    List<String> quoted = new ArrayList<>();
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      String attributed = m.group(2) != null ? m.group(2) : m.group(3);
      String speaker = attributed != null ? participantId(attributed) : participant;
      String inner = m.group(1).strip();
      if (kind == Utterance.Kind.NOTE || attributed != null) {
        quoted.add(inner);
        for (String sentence : Sentences.split(inner)) {
          add(sentence, speaker, source, field, Utterance.Kind.SPOKEN, hint, true);
        }
      }
    }
    for (String sentence : Sentences.split(text)) {
      boolean holdsQuote = false;
      for (String inner : quoted) {
        if (sentence.contains(inner) || inner.contains(sentence)) {
          holdsQuote = true;
        }
      }
      if (!holdsQuote) {
        add(sentence, participant, source, field, kind, hint, quoteField);
      }
    }
  }

  private void add(
      String sentence,
      @Nullable String participant,
      String source,
      String field,
      Utterance.Kind kind,
      @Nullable Category hint,
      boolean quoteField) {
    if (Sentences.words(sentence).isEmpty()) {
      return;
    }
    Utterance utterance =
        new Utterance(
            utterances.size(), sentence, participant, source, field, kind, hint, quoteField);
    utterances.add(utterance);
    if (participant != null) {
      participant(participant).utterances.add(utterance);
    }
  }

  private Participant participant(String id) {
    return participants.computeIfAbsent(id, key -> new Participant(key, participants.size()));
  }

  private static @Nullable String participantId(String raw) {
    String value = Sentences.collapse(raw);
    if (value.isEmpty()) {
      return null;
    }
    return ID.matcher(value).matches() ? value.toUpperCase(Locale.ROOT) : value;
  }

  /**
   * {@code "answers.biggest_frustration"} and {@code "Biggest frustration"} give {@code
   * "biggest_frustration"}.
   */
  static String baseKey(String keyPath) {
    String key = INDEX.matcher(keyPath).replaceAll("");
    int dot = key.lastIndexOf('.');
    if (dot >= 0 && dot < key.length() - 1) {
      key = key.substring(dot + 1);
    }
    key = key.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_");
    return key.replaceAll("^_+|_+$", "");
  }

  private static boolean isMissing(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "":
      case "n/a":
      case "na":
      case "-":
      case "\u2014":
      case "null":
        return true;
      default:
        return false;
    }
  }

  private static boolean isCategorical(String value) {
    if (Sentences.wordCount(value) > 8 || value.length() > 60) {
      return false;
    }
    char last = value.charAt(value.length() - 1);
    return ".!?".indexOf(last) < 0 && !Sentences.isFirstPerson(value);
  }

  private static boolean isQuoteKey(String key) {
    return key.contains("quote") || key.contains("verbatim");
  }

  private static Utterance.Kind kindFor(String key) {
    for (String marker :
        List.of(
            "note",
            "observ",
            "seen",
            "comment",
            "setting",
            "summary",
            "context",
            "researcher",
            "memo",
            "finding",
            "insight",
            "theme")) {
      if (key.contains(marker)) {
        return Utterance.Kind.NOTE;
      }
    }
    return Utterance.Kind.SPOKEN;
  }

  /** The category a column, key or heading is named for, if any. */
  static @Nullable Category hintFor(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (containsAny(
        k,
        "frustrat",
        "pain",
        "problem",
        "difficult",
        "challenge",
        "dislike",
        "hate",
        "annoy",
        "issue",
        "barrier",
        "struggle",
        "worst")) {
      return Category.PAIN_POINTS;
    }
    if (containsAny(k, "goal", "want", "wish", "need", "hope", "ideal", "easier", "magic")) {
      return Category.GOALS;
    }
    if (containsAny(
        k,
        "behav",
        "habit",
        "routine",
        "observ",
        "seen",
        "typical",
        "workflow",
        "how_do_you",
        "how do you")) {
      return Category.BEHAVIOURS;
    }
    if (containsAny(k, "motivat", "why", "reason", "value", "matter", "important", "driver")) {
      return Category.MOTIVATIONS;
    }
    return null;
  }

  private static boolean containsAny(String text, String... parts) {
    for (String part : parts) {
      if (text.contains(part)) {
        return true;
      }
    }
    return false;
  }
}
