package org.personacollab.generation.research;

import java.util.List;
import java.util.Objects;

/**
 * A request for research data failed as a whole: nothing of it was processed. The {@link #code()}
 * is stable and meant for machines (and for a REST problem type or a socket error frame); the
 * message is for humans.
 *
 * <p>{@link ResearchLoader#parse} also throws it, with the per-file codes, for its single file.
 */
public final class ResearchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A file cannot be read, decoded as UTF-8 or parsed. Per file: reported as a problem. */
  public static final String UNREADABLE = "research_unreadable";

  /** A file's extension names no supported format. Per file: reported as a problem. */
  public static final String UNSUPPORTED = "research_unsupported";

  /** The request names more files than {@link ResearchLimits#maxFiles()}. */
  public static final String TOO_MANY_FILES = "research_too_many_files";

  /** The files together hold more than {@link ResearchLimits#maxTotalBytes()}. */
  public static final String TOO_LARGE = "research_too_large";

  /** One file holds more than {@link ResearchLimits#maxFileBytes()}. */
  public static final String FILE_TOO_LARGE = "research_file_too_large";

  /** No usable document at all (or, for one file, a file with no text). */
  public static final String EMPTY = "research_empty";

  private final String code;
  private final List<ResearchProblem> problems;

  public ResearchException(String code, String message) {
    this(code, message, List.of());
  }

  public ResearchException(String code, String message, List<ResearchProblem> problems) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.problems = List.copyOf(problems);
  }

  /** The stable machine code, one of the constants of this class. */
  public String code() {
    return code;
  }

  /**
   * For {@code research_empty}: why each file was unusable, so that a caller can show more than
   * "nothing to read". Empty for the other codes.
   */
  public List<ResearchProblem> problems() {
    return problems;
  }
}
