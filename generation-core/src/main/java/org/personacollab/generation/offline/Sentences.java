package org.personacollab.generation.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Splitting text into sentences and words, and the small text tests the generator shares. */
final class Sentences {

  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "st", "e.g", "i.e", "etc", "vs", "approx", "no", "nr", "eg",
          "ie");
  private static final Pattern FIRST_PERSON =
      Pattern.compile(
          "(?iu)(?<![\\p{L}])"
              + "(i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|we'd|our|ours|us)"
              + "(?![\\p{L}])");
  private static final Pattern WORD = Pattern.compile("\\s+");

  private Sentences() {}

  /**
   * The sentences of {@code text}, each with its whitespace collapsed and otherwise verbatim: a
   * line break always ends a sentence, and {@code . ! ?} (with any closing quotes or brackets) end
   * one when whitespace and a capital letter, digit or opening quote follow, unless the word before
   * is a common abbreviation.
   */
  static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    for (String line : text.split("\n")) {
      String collapsed = collapse(line);
      int start = 0;
      for (int i = 0; i < collapsed.length(); i++) {
        char c = collapsed.charAt(i);
        if (c != '.' && c != '!' && c != '?') {
          continue;
        }
        int end = i + 1;
        while (end < collapsed.length()
            && "\"'\u201D\u2019)]".indexOf(collapsed.charAt(end)) >= 0) {
          end++;
        }
        if (end + 1 >= collapsed.length() || collapsed.charAt(end) != ' ') {
          continue;
        }
        char next = collapsed.charAt(end + 1);
        boolean opens =
            Character.isUpperCase(next)
                || Character.isDigit(next)
                || "\"'\u201C\u2018(".indexOf(next) >= 0;
        if (!opens || (c == '.' && abbreviationBefore(collapsed, i))) {
          continue;
        }
        add(sentences, collapsed.substring(start, end));
        start = end + 1;
        i = end;
      }
      add(sentences, collapsed.substring(start));
    }
    return sentences;
  }

  private static void add(List<String> sentences, String sentence) {
    String trimmed = sentence.strip();
    if (!trimmed.isEmpty()) {
      sentences.add(trimmed);
    }
  }

  private static boolean abbreviationBefore(String text, int dot) {
    int start = dot;
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    String word = text.substring(start, dot).toLowerCase(Locale.ROOT);
    return ABBREVIATIONS.contains(word)
        || (word.length() == 1 && Character.isLetter(word.charAt(0)));
  }

  static String collapse(String text) {
    return WORD.matcher(text.strip()).replaceAll(" ");
  }

  static int wordCount(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : WORD.split(trimmed).length;
  }

  static boolean isFirstPerson(String text) {
    return FIRST_PERSON.matcher(fold(text)).find();
  }

  /**
   * Lower case with typographic apostrophes and quotes made plain, one char for one char, so that
   * an index into the folded text is an index into the original.
   */
  static String fold(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c == '\u2019' || c == '\u2018') {
        chars[i] = '\'';
      } else if (c == '\u201C' || c == '\u201D') {
        chars[i] = '"';
      } else {
        chars[i] = Character.toLowerCase(c);
      }
    }
    return new String(chars);
  }

  /** Lower-case words of letters and digits (and the currency signs that start an amount). */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    String folded = fold(text);
    for (int i = 0; i <= folded.length(); i++) {
      char c = i < folded.length() ? folded.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)
          || "£$€".indexOf(c) >= 0
          || (c == '\'' && word.length() > 0)) {
        word.append(c);
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    return words;
  }
}
