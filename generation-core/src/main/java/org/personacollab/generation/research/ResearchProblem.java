package org.personacollab.generation.research;

import java.util.Objects;

/**
 * One file that could not be used, reported instead of being skipped silently.
 *
 * @param source the file's relative path or upload name
 * @param code a stable machine code: {@code research_unreadable} (cannot be read, decoded or
 *     parsed), {@code research_unsupported} (unknown extension) or {@code research_empty} (the file
 *     holds no text)
 * @param message what went wrong, for a human, naming the line where one is known
 */
public record ResearchProblem(String source, String code, String message) {

  public ResearchProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code must not be blank");
    }
  }
}
