package org.personacollab.generation.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Cue phrases that mark a sentence as a goal, pain point, behaviour or motivation, and the cut that
 * turns the sentence into a list item.
 *
 * <p>A cue either keeps its <em>clause</em> (the words between the nearest clause boundaries around
 * it: {@code "I hate throwing food away, but half a bag goes slimy"} gives {@code "I hate throwing
 * food away"}) or keeps what comes <em>after</em> it ({@code "I want to plan meals faster so that
 * ..."} gives {@code "Plan meals faster"}). Either way the item is a substring of the sentence with
 * leading fillers ("Honestly,", "And") dropped and its first letter capitalised; nothing is added.
 * Longer cues are tried first.
 */
final class Cues {

  /** A candidate item: the text for the persona and how strong the evidence for it is. */
  record Cut(String text, int weight) {}

  private enum Mode {
    CLAUSE,
    AFTER
  }

  private record Cue(String regex, Pattern pattern, Mode mode, int weight) {
    /** "because" alone: its clause is kept only when it speaks of the persona (I, my, we). */
    boolean weakReason() {
      return regex.startsWith("because");
    }
  }

  private static final Pattern BOUNDARY =
      Pattern.compile(
          ";|\\s[-\u2013\u2014]\\s|,\\s(?:and|but|so|which|whereas|although|though|then)\\s"
              + "|\\s(?:but|because|so that|so i can|so we can|whereas|although|which is)\\s");
  private static final Pattern FILLER =
      Pattern.compile(
          "^(?:and|but|so|also|honestly|well|yeah|yes|oh|actually|basically|to be honest|sure"
              + "|then|plus|completely|really|not really|mostly)\\b[,.]?\\s*",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern NEGATED_BEFORE =
      Pattern.compile("(?:last thing|not|never|n't|nobody|no one)\\s*$");

  private static final Map<Category, List<Cue>> CUES = new EnumMap<>(Category.class);

  /** All cues of a category in one alternation: one scan answers "any cue here?". */
  private static final Map<Category, Pattern> ANY_CUE = new EnumMap<>(Category.class);

  private static final Pattern VIVID;

  static {
    List<Cue> goals = new ArrayList<>();
    after(
        goals,
        3,
        "i want to",
        "i need to",
        "i'd love to",
        "i would love to",
        "i'd like to",
        "i would like to",
        "my goal is to",
        "my aim is to",
        "i'm trying to",
        "i am trying to",
        "i hope to",
        "i just want to",
        "i really want to",
        "we want to",
        "we need to",
        "all i want is to");
    clause(
        goals,
        2,
        "i want",
        "i need",
        "i'd love",
        "i would love",
        "i'd like",
        "i wish",
        "my goal",
        "it would be great if",
        "it'd be great if",
        "ideally",
        "i hope",
        "we need",
        "we want",
        "all i want",
        "all i need",
        "i just need",
        "i just want",
        "i'd prefer",
        "let me");
    CUES.put(Category.GOALS, goals);

    List<Cue> pains = new ArrayList<>();
    clause(
        pains,
        3,
        "frustrat\\w*",
        "i hate",
        "hate",
        "annoy\\w*",
        "takes? forever",
        "took forever",
        "taking forever",
        "confus\\w*",
        "gave up",
        "give up",
        "giving up",
        "struggl\\w*",
        "(?:hard|difficult|impossible) to",
        "nightmare",
        "a pain",
        "painful",
        "drives? me (?:mad|crazy|up the wall)",
        "never (?:match|matches|knows|works|fits)",
        "(?:doesn't|don't|does not|do not|didn't|can't|cannot) (?:work|trust)",
        "(?:aren't|isn't|not) reliable",
        "unreliable",
        "too (?:many|much|long|small|slow)",
        "wast(?:e|es|ed|ing)",
        "throw\\w* (?:it |food |them |most of it )?away",
        "binning",
        "exhaust\\w*",
        "stress\\w*",
        "overwhelm\\w*",
        "fiddly",
        "tedious",
        "clunky",
        "blows? the budget",
        "over budget",
        "(?:more|too) expensive",
        "goes off",
        "gone off",
        "slimy",
        "i end up",
        "falls? apart",
        "fell apart",
        "out of date",
        "forget\\w*",
        "forgot\\w*",
        "mistake",
        "worst",
        "keeps? (?:crashing|forgetting|asking)",
        "means he's ill",
        "nobody knows",
        "argued",
        "tiny and");
    CUES.put(Category.PAIN_POINTS, pains);

    List<Cue> behaviours = new ArrayList<>();
    String days =
        "day|morning|evening|night|week|weekend|month|fortnight|time|shift|monday|tuesday"
            + "|wednesday|thursday|friday|saturday|sunday";
    clause(
        behaviours,
        3,
        "every (?:single )?(?:" + days + ")s?",
        "each (?:" + days + ")",
        "(?:once|twice|three times) a (?:day|week|month|fortnight)",
        "on (?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends)",
        "(?:i|we) (?:usually|always|often|normally|typically|tend to|generally|regularly"
            + "|sometimes|never)");
    clause(
        behaviours,
        1,
        "(?:i|we) (?:check|use|keep|write|plan|cook|buy|shop|go|read|weigh|log"
            + "|track|prep|batch-cook|order|pick|walk|sit|spend|eat|compare|look|ask|split|share"
            + "|review|make|search|scroll|photograph|print|stick|copy)");
    CUES.put(Category.BEHAVIOURS, behaviours);

    List<Cue> motivations = new ArrayList<>();
    after(
        motivations,
        3,
        "what matters (?:most )?to (?:me|us) is",
        "what i care about is",
        "the reason is",
        "so that",
        "so i can",
        "so we can",
        "because(?! of)");
    clause(
        motivations,
        2,
        "(?:really )?important to (?:me|us)",
        "matters to (?:me|us)",
        "i care about",
        "peace of mind",
        "makes? me feel",
        "(?:i'm|we're|i am|we are) saving for");
    CUES.put(Category.MOTIVATIONS, motivations);

    for (Map.Entry<Category, List<Cue>> entry : CUES.entrySet()) {
      // The word-boundary checks sit outside the alternation: inside, they would run once per
      // alternative at every position, which made one scan cost as much as thirty.
      StringBuilder any = new StringBuilder();
      for (Cue cue : entry.getValue()) {
        any.append(any.length() == 0 ? "" : "|").append("(?:").append(cue.regex()).append(')');
      }
      ANY_CUE.put(entry.getKey(), word("(?:" + any + ")"));
    }

    VIVID =
        word(
            "(?:hate|love|forever|nightmare|honestly|literally|gave up|never|always|every"
                + "|frustrat\\w*|stress\\w*|exhaust\\w*|panic|mad|ridiculous|brilliant|hungry|slimy"
                + "|mistake|ill|penny|patient|tiny|drives|whose|twice|the last thing)");
  }

  private Cues() {}

  private static Pattern word(String regex) {
    return Pattern.compile("(?<![\\p{L}'])" + regex + "(?![\\p{L}])");
  }

  private static void after(List<Cue> cues, int weight, String... regexes) {
    for (String regex : regexes) {
      cues.add(new Cue(regex, word(regex), Mode.AFTER, weight));
    }
  }

  private static void clause(List<Cue> cues, int weight, String... regexes) {
    for (String regex : regexes) {
      cues.add(new Cue(regex, word(regex), Mode.CLAUSE, weight));
    }
  }

  /** True when some cue of {@code category} occurs in {@code sentence}. */
  static boolean hasCue(Category category, String sentence) {
    return ANY_CUE.get(category).matcher(Sentences.fold(sentence)).find();
  }

  /**
   * The item that {@code sentence} gives for {@code category}: cut at the first cue that yields an
   * item of sensible length (2 to 22 words), or, when none does and the sentence came from a column
   * named for the category ({@code hinted}), its first clause. Null when neither applies.
   */
  static @Nullable Cut cut(Category category, String sentence, boolean hinted) {
    String folded = Sentences.fold(sentence);
    List<int[]> boundaries = boundaries(folded);
    for (Match match : matches(category, folded)) {
      Cue cue = match.cue();
      if (NEGATED_BEFORE.matcher(folded.substring(0, match.start())).find()) {
        continue;
      }
      int clauseStart = clauseStart(boundaries, match.start());
      int end = clauseEnd(boundaries, match.end(), sentence.length());
      boolean after = cue.mode() == Mode.AFTER;
      if (after
          && category == Category.GOALS
          && Sentences.wordCount(tidy(sentence.substring(clauseStart, match.start()))) > 1) {
        after = false; // "My wife and I want to eat..." keeps its subject
      }
      if (!after
          && category != Category.MOTIVATIONS
          && opensReason(folded, boundaries, clauseStart)) {
        continue; // "...because they assumed I eat at the same time every day" is a reason
      }
      String item =
          tidy(
              sentence.substring(
                  after ? match.end() : clauseStart,
                  Math.max(end, after ? match.end() : clauseStart)));
      if (category == Category.BEHAVIOURS && hasCue(Category.GOALS, item)) {
        continue; // a wish mentioning "every week" is not a habit
      }
      if (category == Category.MOTIVATIONS && cue.weakReason() && !Sentences.isFirstPerson(item)) {
        continue; // "because they swapped his bread" explains an event, not the persona
      }
      int words = Sentences.wordCount(item);
      if (words >= (after ? 2 : 3) && words <= 22) {
        return new Cut(item, cue.weight() + (hinted ? 1 : 0));
      }
    }
    if (hinted) {
      String item = tidy(sentence);
      if (Sentences.wordCount(item) > 22) {
        item = tidy(sentence.substring(0, clauseEnd(boundaries, 0, sentence.length())));
      }
      int words = Sentences.wordCount(item);
      if (words >= 3 && words <= 22) {
        return new Cut(item, 1);
      }
    }
    return null;
  }

  private record Match(Cue cue, int start, int end) {}

  /**
   * Every cue match, earliest in the sentence first; at one position, longer and stronger first.
   */
  private static List<Match> matches(Category category, String folded) {
    // One scan of the combined pattern finds where any cue starts; only there is each cue tried.
    // Scanning the sentence once per cue costs some sixty times more.
    List<Match> matches = new ArrayList<>();
    Matcher any = ANY_CUE.get(category).matcher(folded);
    int from = 0;
    while (from < folded.length() && any.find(from)) {
      int start = any.start();
      for (Cue cue : CUES.get(category)) {
        Matcher m = cue.pattern().matcher(folded);
        m.useTransparentBounds(true).useAnchoringBounds(false).region(start, folded.length());
        if (m.lookingAt()) {
          matches.add(new Match(cue, start, m.end()));
        }
      }
      from = start + 1;
    }
    matches.sort(
        Comparator.comparingInt(Match::start)
            .thenComparingInt(match -> -(match.end() - match.start()))
            .thenComparingInt(match -> -match.cue().weight()));
    return matches;
  }

  private static boolean opensReason(String folded, List<int[]> boundaries, int clauseStart) {
    for (int[] span : boundaries) {
      if (span[1] == clauseStart) {
        String boundary = folded.substring(span[0], span[1]);
        return boundary.contains("because")
            || boundary.contains("so that")
            || boundary.contains("so i can")
            || boundary.contains("so we can");
      }
    }
    return false;
  }

  /**
   * How vivid a quote is: one point per distinct vivid word, per list it has a cue for, and for a
   * number.
   */
  static int vividness(String sentence) {
    String folded = Sentences.fold(sentence);
    Set<String> vivid = new HashSet<>();
    Matcher m = VIVID.matcher(folded);
    while (m.find()) {
      vivid.add(m.group());
    }
    int score = vivid.size();
    for (Category category : Category.values()) {
      if (hasCue(category, sentence)) {
        score++;
      }
    }
    for (int i = 0; i < folded.length(); i++) {
      if (Character.isDigit(folded.charAt(i))) {
        score++;
        break;
      }
    }
    return score;
  }

  private static List<int[]> boundaries(String folded) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = BOUNDARY.matcher(folded);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    return spans;
  }

  private static int clauseStart(List<int[]> boundaries, int cueStart) {
    int start = 0;
    for (int[] span : boundaries) {
      if (span[1] <= cueStart) {
        start = span[1];
      }
    }
    return start;
  }

  private static int clauseEnd(List<int[]> boundaries, int cueEnd, int length) {
    for (int[] span : boundaries) {
      if (span[0] >= cueEnd) {
        return span[0];
      }
    }
    return length;
  }

  /**
   * Drops leading fillers, the leading "to"/"that"/"is" an after-cut leaves, closing punctuation
   * and unbalanced quotes; capitalises the first letter. Returns a substring of {@code span} up to
   * the case of its first letter.
   */
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s.,;:!?\u2026]+$");

  private static final List<String> LEADS = List.of("to ", "that ", "is ", "are ");

  static String tidy(String span) {
    String item = span.strip();
    String before;
    do {
      before = item;
      item = FILLER.matcher(item).replaceFirst("").strip();
      String lower = item.toLowerCase(Locale.ROOT);
      for (String lead : LEADS) {
        if (lower.startsWith(lead)) {
          item = item.substring(lead.length()).strip();
          break;
        }
      }
    } while (!item.equals(before));
    item = TRAILING_PUNCTUATION.matcher(item).replaceFirst("");
    item = balanceQuotes(item);
    if (!item.isEmpty() && Character.isLowerCase(item.charAt(0))) {
      item = Character.toUpperCase(item.charAt(0)) + item.substring(1);
    }
    return item;
  }

  private static String balanceQuotes(String item) {
    String out = item;
    for (char[] pair : new char[][] {{'"', '"'}, {'\u201C', '\u201D'}}) {
      long opens = out.chars().filter(c -> c == pair[0]).count();
      long closes = pair[0] == pair[1] ? opens : out.chars().filter(c -> c == pair[1]).count();
      boolean unbalanced = pair[0] == pair[1] ? opens % 2 == 1 : opens != closes;
      if (unbalanced && !out.isEmpty() && (out.charAt(0) == pair[0])) {
        out = out.substring(1).strip();
      } else if (unbalanced && !out.isEmpty() && out.charAt(out.length() - 1) == pair[1]) {
        out = out.substring(0, out.length() - 1).strip();
      }
    }
    return out;
  }
}
