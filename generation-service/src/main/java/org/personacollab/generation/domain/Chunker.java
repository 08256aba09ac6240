package org.personacollab.generation.domain;

import java.util.ArrayList;
import java.util.List;

/** Splits streamed text into chunks of at most {@code size} UTF-16 units, never inside a surrogate pair. */
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
}
