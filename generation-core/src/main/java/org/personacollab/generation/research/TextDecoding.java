package org.personacollab.generation.research;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes to text: strict UTF-8, no BOM, LF line endings, no NUL characters. */
final class TextDecoding {

  private TextDecoding() {}

  /**
   * Decodes {@code bytes} as UTF-8 and normalises line endings ({@code CRLF} and a lone {@code CR}
   * become {@code LF}). A leading byte order mark is dropped.
   *
   * @throws ResearchException {@code research_unreadable} for malformed UTF-8 (naming the byte
   *     offset), for UTF-16 (recognised by its BOM) and for NUL characters (a binary file)
   */
  static String decode(String source, byte[] bytes) {
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      throw unreadable(source, "is UTF-16 encoded; save it as UTF-8");
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw unreadable(source, "is not valid UTF-8 (bad byte at offset " + in.position() + ")");
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    if (text.indexOf('\0') >= 0) {
      throw unreadable(source, "contains NUL characters; it looks like a binary file");
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    if (text.indexOf('\r') >= 0) {
      text = text.replace("\r\n", "\n").replace('\r', '\n');
    }
    return text;
  }

  /** Collapses every run of whitespace (including line breaks) to one space, and trims. */
  static String collapseWhitespace(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean pendingSpace = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  static ResearchException unreadable(String source, String what) {
    return new ResearchException(ResearchException.UNREADABLE, source + " " + what);
  }
}
