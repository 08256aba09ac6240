package org.personacollab.generation.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each sentence gives for each list: the item is cut from the sentence, never rewritten. */
class CuesTest {

  private record Row(Category category, String sentence, boolean hinted, String expected) {}

  private static Row row(Category category, String sentence, String expected) {
    return new Row(category, sentence, false, expected);
  }

  private static final List<Row> ROWS =
      Arrays.asList(
          row(
              Category.GOALS,
              "I want to plan meals faster so that I get my evenings back.",
              "Plan meals faster"),
          row(
              Category.GOALS,
              "Honestly, I'd love to reuse last month's plans.",
              "Reuse last month's plans"),
          row(
              Category.GOALS,
              "My goal is to keep my food spend under £30 a week.",
              "Keep my food spend under £30 a week"),
          row(
              Category.GOALS,
              "My wife and I want to eat the same dinner, because it matters.",
              "My wife and I want to eat the same dinner"),
          row(
              Category.GOALS,
              "I need a plan the whole family can see, so that my partner can shop.",
              "I need a plan the whole family can see"),
          row(Category.GOALS, "The last thing I want is to stand in front of the fridge.", null),
          row(Category.GOALS, "I don't want another app.", null),
          row(
              Category.PAIN_POINTS,
              "Building the list takes forever because I check three sites.",
              "Building the list takes forever"),
          row(
              Category.PAIN_POINTS,
              "I hate throwing food away, but spinach goes slimy.",
              "I hate throwing food away"),
          row(
              Category.PAIN_POINTS,
              "Meal apps are confusing: too many screens.",
              "Meal apps are confusing: too many screens"),
          row(
              Category.PAIN_POINTS,
              "The numbers never match the packets, which is confusing.",
              "The numbers never match the packets"),
          row(Category.PAIN_POINTS, "I plan on Sundays.", null),
          row(
              Category.BEHAVIOURS,
              "Every Sunday I sit at the table and plan five dinners.",
              "Every Sunday I sit at the table and plan five dinners"),
          row(
              Category.BEHAVIOURS,
              "And I always check the fridge first, because it saves time.",
              "I always check the fridge first"),
          row(
              Category.BEHAVIOURS,
              "I gave up because they assumed I eat at the same time every day.",
              null),
          row(Category.BEHAVIOURS, "I'd love to stop starting from a blank page every week.", null),
          row(
              Category.MOTIVATIONS,
              "I batch-cook because I don't want to think on a work night.",
              "I don't want to think on a work night"),
          row(
              Category.MOTIVATIONS,
              "What matters to me is that the kids eat together.",
              "The kids eat together"),
          row(Category.MOTIVATIONS, "I checked because they swapped his bread last time.", null),
          row(
              Category.MOTIVATIONS,
              "I plan ahead so I can relax on weeknights.",
              "Relax on weeknights"),
          new Row(
              Category.GOALS,
              "An app that remembers what my kids eat.",
              true,
              "An app that remembers what my kids eat"),
          new Row(
              Category.BEHAVIOURS,
              "Writes dinners on a paper calendar",
              true,
              "Writes dinners on a paper calendar"),
          new Row(Category.PAIN_POINTS, "Too short.", true, null));

  @Test
  void cut_table_expectedItemOrNone() {
    for (Row row : ROWS) {
      Cues.Cut cut = Cues.cut(row.category(), row.sentence(), row.hinted());

      assertThat(cut == null ? null : cut.text())
          .as("%s: %s", row.category(), row.sentence())
          .isEqualTo(row.expected());
    }
  }

  @Test
  void cut_anyItem_isASubstringOfItsSentenceUpToTheFirstLetter() {
    for (Row row : ROWS) {
      Cues.Cut cut = Cues.cut(row.category(), row.sentence(), row.hinted());
      if (cut != null) {
        String core = cut.text().substring(1);
        assertThat(row.sentence())
            .as(row.sentence())
            .containsIgnoringCase(cut.text().substring(0, 1) + core);
      }
    }
  }

  @Test
  void cut_hintedColumn_weighsMore() {
    String sentence = "It's frustrating when the plan changes.";

    assertThat(Cues.cut(Category.PAIN_POINTS, sentence, true).weight())
        .isGreaterThan(Cues.cut(Category.PAIN_POINTS, sentence, false).weight());
  }

  @Test
  void vividness_strongWordsAndNumbers_scoreHigher() {
    assertThat(Cues.vividness("I hate that a weekly shop takes me nearly 2 hours."))
        .isGreaterThan(Cues.vividness("I go to the shop on the way home."));
  }

  @Test
  void tidy_fillersPunctuationAndQuotes_removed() {
    assertThat(Cues.tidy("  and honestly, to keep costs down.\u2026 "))
        .isEqualTo("Keep costs down");
    assertThat(Cues.tidy("\"it never knows I'm on nights."))
        .isEqualTo("It never knows I'm on nights");
  }
}
