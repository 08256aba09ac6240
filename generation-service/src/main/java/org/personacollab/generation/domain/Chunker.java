package org.personacollab.generation.domain;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Splits streamed text into chunks of at most {@code size} UTF-16 units, never inside a surrogate
 * pair: {@code streaming.chunk_size}. {@link #rechunk} does it to a stream of pieces of any size
 * (a provider's tokens) and gives the same chunks as {@link #split} of the whole text.
 */
public final class Chunker {
  private Chunker() {}

  public static List<String> split(String text, int size) {
    if (size < 1) throw new IllegalArgumentException("chunk size must be >= 1: " + size);
    List<String> chunks = new ArrayList<>(text.length() / size + 1);
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + size);
      // Keep an emoji (a surrogate pair) whole: end before its high surrogate, or, in a chunk of
      // size 1, take the pair.
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end = end - 1 > start ? end - 1 : end + 1;
      }
      chunks.add(text.substring(start, end));
      start = end;
    }
    return chunks;
  }

  /**
   * The chunks of {@link #split}{@code (whole text, size)}, emitted as soon as each is full: a
   * piece shorter than {@code size} waits for the next, the rest is emitted when the stream
   * completes. Cancelling the result cancels {@code pieces}.
   */
  public static Flux<String> rechunk(Flux<String> pieces, int size) {
    if (size < 1) throw new IllegalArgumentException("chunk size must be >= 1: " + size);
    return Flux.defer(() -> {
      StringBuilder pending = new StringBuilder();
      return pieces
          .concatMapIterable(piece -> take(pending.append(piece), size, false))
          .concatWith(Flux.defer(() -> Flux.fromIterable(take(pending, size, true))));
    });
  }

  private static List<String> take(StringBuilder pending, int size, boolean all) {
    List<String> out = new ArrayList<>();
    while (pending.length() >= size || (all && pending.length() > 0)) {
      int end = Math.min(size, pending.length());
      if (end < pending.length() && Character.isHighSurrogate(pending.charAt(end - 1))) {
        end = end - 1 > 0 ? end - 1 : end + 1;
      } else if (!all && end == pending.length() && Character.isHighSurrogate(pending.charAt(end - 1))) {
        break; // its low surrogate is in the next piece
      }
      out.add(pending.substring(0, end));
      pending.delete(0, end);
    }
    return out;
  }
}
