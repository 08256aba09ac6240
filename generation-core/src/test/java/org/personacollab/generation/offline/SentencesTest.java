package org.personacollab.generation.offline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentencesTest {

  @Test
  void split_punctuationAndLineBreaks_verbatimSentences() {
    assertThat(
            Sentences.split(
                "Sure.  Every Sunday I plan!  Why? \"Because\" I must.\n"
                    + "no stop here e.g. Tesco. Dr. Who said so."))
        .containsExactly(
            "Sure.",
            "Every Sunday I plan!",
            "Why?",
            "\"Because\" I must.",
            "no stop here e.g. Tesco.",
            "Dr. Who said so.");
  }

  @Test
  void split_closingQuoteAfterFullStop_staysWithItsSentence() {
    assertThat(Sentences.split("She said \u201CI gave up.\u201D Then she left. 3 times a week."))
        .containsExactly("She said \u201CI gave up.\u201D", "Then she left.", "3 times a week.");
  }

  @Test
  void split_numbersAndLowercaseAfterDot_notSplit() {
    assertThat(Sentences.split("It costs £4.50 a week. it is fine."))
        .containsExactly("It costs £4.50 a week. it is fine.");
  }

  @Test
  void isFirstPerson_pronouns_detectedAsWholeWords() {
    assertThat(Sentences.isFirstPerson("I\u2019m tired")).isTrue();
    assertThat(Sentences.isFirstPerson("Our flat shares one fridge")).isTrue();
    assertThat(Sentences.isFirstPerson("Mine is broken")).isTrue();
    assertThat(Sentences.isFirstPerson("She reads the labels in the museum")).isFalse();
  }

  @Test
  void fold_typographicMarks_sameLengthPlainLowerCase() {
    String text = "I\u2019D \u201CLove\u201D";

    assertThat(Sentences.fold(text)).isEqualTo("i'd \"love\"").hasSameSizeAs(text);
  }
}
