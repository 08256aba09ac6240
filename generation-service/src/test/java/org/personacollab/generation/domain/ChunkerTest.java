package org.personacollab.generation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  @ParameterizedTest(name = "{0} by {1}")
  @CsvSource({"abcdefg, 3, abc|def|g", "abc, 3, abc", "abc, 1, a|b|c", "'', 5, ''"})
  void split_asciiText(String text, int size, String expected) {
    List<String> chunks = Chunker.split(text, size);
    assertThat(String.join("|", chunks)).isEqualTo(expected);
    assertThat(String.join("", chunks)).isEqualTo(text);
  }

  @Test
  void split_neverCutsASurrogatePair() {
    String text = "ab😀cd😀😀e";
    for (int size = 1; size <= 6; size++) {
      List<String> chunks = Chunker.split(text, size);
      assertThat(String.join("", chunks)).isEqualTo(text);
      for (String chunk : chunks) {
        assertThat(Character.isLowSurrogate(chunk.charAt(0))).as("chunk %s of size %d", chunk, size).isFalse();
        assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1))).as("chunk %s", chunk).isFalse();
        assertThat(chunk.length()).isLessThanOrEqualTo(Math.max(size, 2));
      }
    }
  }

  @Test
  void split_badSize() {
    assertThatThrownBy(() -> Chunker.split("x", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
