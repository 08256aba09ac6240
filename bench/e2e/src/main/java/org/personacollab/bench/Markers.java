package org.personacollab.bench;

/**
 * Marker characters: a dense index {@code 0..CAPACITY-1} mapped onto single BMP characters that
 * never occur in the starting document (three blocks of CJK and Hangul letters), so that one
 * typed character is both a realistic keystroke and a unique id.
 *
 * <pre>
 *   charOf(0) == '\u4E00'          indexOf('\u4E00') == 0
 *   charOf(20_992) == '\u3400'     indexOf('a') == -1
 * </pre>
 *
 * Single UTF-16 units on purpose: json0 offsets count UTF-16 units, and a marker can then never
 * be split by a caret placed inside a surrogate pair.
 */
final class Markers {
  private static final char[][] BLOCKS = {
    {'\u4E00', '\u9FFF'}, // CJK Unified Ideographs
    {'\u3400', '\u4DBF'}, // CJK Extension A
    {'\uAC00', '\uD7A3'}, // Hangul syllables
  };

  /** How many distinct markers one session can use in one scenario. */
  static final int CAPACITY;

  private static final char[] CHARS;
  private static final int[] INDEX = new int[Character.MAX_VALUE + 1];

  static {
    int n = 0;
    for (char[] b : BLOCKS) n += b[1] - b[0] + 1;
    CAPACITY = n;
    CHARS = new char[n];
    java.util.Arrays.fill(INDEX, -1);
    int i = 0;
    for (char[] b : BLOCKS) {
      for (int c = b[0]; c <= b[1]; c++) {
        CHARS[i] = (char) c;
        INDEX[c] = i++;
      }
    }
  }

  private Markers() {}

  /** The character of marker {@code index}. */
  static char charOf(int index) {
    if (index < 0 || index >= CAPACITY) {
      throw new IllegalArgumentException("marker index must be in 0.." + (CAPACITY - 1) + ", was " + index);
    }
    return CHARS[index];
  }

  /** The marker index of {@code c}, or -1 if {@code c} is not a marker. */
  static int indexOf(char c) {
    return INDEX[c];
  }
}
