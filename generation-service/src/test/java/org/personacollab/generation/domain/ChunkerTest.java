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

  @Test
  void rechunk_anySplitIntoPieces_givesTheChunksOfTheWholeText() {
    // A provider's pieces (tokens) cut anywhere, even between the halves of an emoji: the chunks
    // are those of the whole text. Seeded, so a failure repeats; the seed is in the message.
    String text = "{\"name\": \"Zoë 😀\",\n  \"quotes\": [\"Ich plane alles 🗓️ im Voraus\"]}";
    for (long seed = 0; seed < 300; seed++) {
      java.util.Random random = new java.util.Random(seed);
      int size = 1 + random.nextInt(12);
      List<String> pieces = new java.util.ArrayList<>();
      for (int at = 0; at < text.length(); ) {
        int end = Math.min(text.length(), at + random.nextInt(7));
        pieces.add(text.substring(at, end));
        at = end;
      }
      List<String> chunks = Chunker.rechunk(reactor.core.publisher.Flux.fromIterable(pieces), size).collectList().block();
      assertThat(chunks).as("seed %d, size %d, pieces %s", seed, size, pieces).isEqualTo(Chunker.split(text, size));
    }
  }

  @Test
  void rechunk_emitsAChunkAsSoonAsItIsFull_andCancelsTheSource() {
    reactor.test.publisher.TestPublisher<String> source = reactor.test.publisher.TestPublisher.create();

    reactor.test.StepVerifier.create(Chunker.rechunk(source.flux(), 3))
        .then(() -> source.next("ab"))
        .expectNoEvent(java.time.Duration.ofMillis(20))
        .then(() -> source.next("cde"))
        .expectNext("abc")
        .thenCancel()
        .verify();

    source.assertWasCancelled();
  }
}
