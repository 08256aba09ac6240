package org.personacollab.generation.domain;

import java.util.List;
import org.personacollab.generation.research.ResearchException;
import org.personacollab.generation.research.ResearchProblem;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;

/**
 * Research a generation cannot start from, refused before anything started: one of the limits
 * (413 {@code research_too_many_files}, {@code research_too_large}, {@code
 * research_file_too_large}) or nothing usable (400 {@code validation_failed}, with the {@link
 * #problems()} that say why each file was unusable; the REST edge lists them as {@code problems}).
 */
public final class ResearchRejected extends ApiException {
  private static final long serialVersionUID = 1L;

  private final transient List<ResearchProblem> problems;

  public ResearchRejected(ErrorCode code, String message, List<ResearchProblem> problems) {
    super(code, message);
    this.problems = List.copyOf(problems);
  }

  /** The refusal for a loader's whole-request failure, with the same message and problems. */
  public static ResearchRejected of(ResearchException e) {
    ErrorCode code =
        switch (e.code()) {
          case ResearchException.TOO_MANY_FILES -> ErrorCode.RESEARCH_TOO_MANY_FILES;
          case ResearchException.TOO_LARGE -> ErrorCode.RESEARCH_TOO_LARGE;
          case ResearchException.FILE_TOO_LARGE -> ErrorCode.RESEARCH_FILE_TOO_LARGE;
          default -> ErrorCode.VALIDATION_FAILED;
        };
    // Not capitalised: the loader's messages may start with a file name, which must stay as it is.
    return new ResearchRejected(code, e.getMessage() + ".", e.problems());
  }

  /** Why each file was unusable; empty for the limit codes. */
  public List<ResearchProblem> problems() {
    return problems;
  }
}
