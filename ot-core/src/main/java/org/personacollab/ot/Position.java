package org.personacollab.ot;

/**
 * A caret: a UTF-16 {@code offset} in the string at {@code path}. See {@link Json0#transformPosition}.
 *
 * @param path the path of a string in the document
 * @param offset a UTF-16 offset in that string (0 to its length)
 */
public record Position(Path path, int offset) {
  public Position {
    if (offset < 0) {
      throw new OtException(ErrorCode.BAD_PATH, "a caret offset must be a non-negative integer, not " + offset);
    }
  }
}
