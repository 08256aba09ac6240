package org.personacollab.generation.research;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plain text (notes or an interview transcript) to one line per turn and one record per turn.
 *
 * <p>A line such as {@code "P3: I usually shop on Sundays."} or {@code "[00:12:05] Interviewer:
 * Why?"} opens a turn; unlabelled lines right after it (no blank line between) continue it. A label
 * is one to four words, each starting with a capital letter or a digit (or an id such as {@code
 * p3}), so {@code "And then I said: no"} is speech rather than a speaker. Each turn gets a role:
 *
 * <ul>
 *   <li>{@code interviewer}: Interviewer, Moderator, Facilitator, Researcher, Host, Int, I, Q
 *       (optionally numbered);
 *   <li>{@code participant}: an id such as {@code P3} or {@code R12}, or any other label used for
 *       two or more turns ({@code Participant}, {@code Respondent}, a named speaker);
 *   <li>{@code other}: everything else, such as the {@code "Date: 2025-03-04"} header lines, and
 *       unlabelled paragraphs.
 * </ul>
 *
 * A participant turn's record names the {@code participant}: the id in its label, or, when the file
 * has a single participant speaker and a header line such as {@code "Participant: P2"}, that id.
 */
final class TranscriptNormaliser {

  private static final Pattern LABELLED =
      Pattern.compile(
          // an optional timestamp, "[00:01:02]" or "00:01 -"
          "^\\s*(?:[\\[(]?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?[\\])]?"
              + "\\s*(?:[-\u2013\u2014]\\s*)?)?"
              // the label: an id, or one to four words starting with a capital or a digit
              + "([a-z]{1,3}\\d{1,4}|\\p{Lu}[\\p{L}\\p{N}.'\u2019_-]*|\\p{N}[\\p{L}\\p{N}]*)"
              + "((?:\\s+(?:\\p{Lu}|\\p{N})[\\p{L}\\p{N}.'\u2019_-]*){0,3})\\s*:(?!//)\\s*(.*)$");
  private static final Pattern PARTICIPANT_ID = Pattern.compile("(?i)[a-z]{1,3}\\d{1,4}");
  private static final Pattern INTERVIEWER =
      Pattern.compile("(?i)(interviewer|moderator|facilitator|researcher|host|int|i|q)(\\s*\\d+)?");
  private static final Pattern HEADER_PARTICIPANT =
      Pattern.compile("(?i)participant(?:\\s+id)?|respondent(?:\\s+id)?|interviewee");
  private static final Pattern HEADER_VALUE =
      Pattern.compile("([A-Za-z]{1,3}\\d{1,4})(?:[\\s,;(].*)?", Pattern.DOTALL);

  private TranscriptNormaliser() {}

  private record Line(String label, String content) {}

  private static final class Turn {
    final String label;
    final StringBuilder content;

    Turn(String label, String content) {
      this.label = label;
      this.content = new StringBuilder(content.strip());
    }
  }

  static ResearchDocument normalise(String source, String text) {
    List<Turn> turns = new ArrayList<>();
    @Nullable Turn current = null;
    for (String raw : text.split("\n", -1)) {
      if (raw.isBlank()) {
        current = null;
        continue;
      }
      Line line = parse(raw);
      if (line != null) {
        current = new Turn(line.label(), line.content());
        turns.add(current);
      } else if (current != null) {
        current.content.append(current.content.length() == 0 ? "" : " ").append(raw.strip());
      } else {
        current = new Turn("", raw);
        turns.add(current);
      }
    }

    // A header line such as "Participant: P2 (teacher)" names the file's participant; it is not a
    // turn, even when "Participant:" is also the speaker label of the answers.
    Set<Turn> headers = new HashSet<>();
    @Nullable String headerParticipant = null;
    for (Turn turn : turns) {
      Matcher header = HEADER_VALUE.matcher(turn.content);
      if (HEADER_PARTICIPANT.matcher(turn.label).matches()
          && header.matches()
          && turn.content.toString().strip().split("\\s+").length <= 8) {
        headers.add(turn);
        if (headerParticipant == null) {
          headerParticipant = header.group(1).toUpperCase(Locale.ROOT);
        }
      }
    }
    Map<String, Integer> uses = new HashMap<>();
    for (Turn turn : turns) {
      if (!turn.label.isEmpty() && !headers.contains(turn)) {
        uses.merge(turn.label, 1, Integer::sum);
      }
    }
    Map<Turn, String> roles = new HashMap<>();
    Set<String> participantLabels = new LinkedHashSet<>();
    for (Turn turn : turns) {
      String role =
          headers.contains(turn) ? "other" : role(turn.label, uses.getOrDefault(turn.label, 0));
      roles.put(turn, role);
      if (role.equals("participant")) {
        participantLabels.add(turn.label);
      }
    }

    StringBuilder out = new StringBuilder();
    List<Map<String, String>> records = new ArrayList<>();
    for (Turn turn : turns) {
      String content = TextDecoding.collapseWhitespace(turn.content.toString());
      if (content.isEmpty() && turn.label.isEmpty()) {
        continue;
      }
      String role = roles.get(turn);
      out.append(turn.label.isEmpty() ? content : turn.label + ": " + content).append('\n');
      if (content.isEmpty()) {
        continue;
      }
      Map<String, String> record = new LinkedHashMap<>();
      record.put("turn", Integer.toString(records.size() + 1));
      record.put("speaker", turn.label);
      record.put("role", role);
      if (role.equals("participant")) {
        record.put("participant", participantId(turn.label, headerParticipant, participantLabels));
      }
      record.put("text", content);
      records.add(record);
    }
    String normalised = out.toString().strip();
    if (normalised.isEmpty()) {
      throw new ResearchException(ResearchException.EMPTY, source + " has no text");
    }
    return new ResearchDocument(source, ResearchFormat.TEXT, normalised + "\n", records);
  }

  private static @Nullable Line parse(String raw) {
    Matcher m = LABELLED.matcher(raw);
    if (!m.matches()) {
      return null;
    }
    String label = TextDecoding.collapseWhitespace(m.group(1) + m.group(2));
    return new Line(label, m.group(3));
  }

  private static String role(String label, int uses) {
    if (label.isEmpty()) {
      return "other";
    }
    if (INTERVIEWER.matcher(label).matches()) {
      return "interviewer";
    }
    if (PARTICIPANT_ID.matcher(label).matches() || uses >= 2) {
      return "participant";
    }
    return "other";
  }

  private static String participantId(
      String label, @Nullable String headerParticipant, Set<String> participantLabels) {
    if (PARTICIPANT_ID.matcher(label).matches()) {
      return label.toUpperCase(Locale.ROOT);
    }
    if (headerParticipant != null && participantLabels.size() == 1) {
      return headerParticipant;
    }
    return label;
  }
}
