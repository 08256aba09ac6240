package org.personacollab.cli.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request the server refused ({@link #problem()} set) or that never got an answer. The message
 * is one sentence for the user, printed as {@code persona: <message>} with exit code 1; commands
 * that can recover from a particular refusal (an expired session token, say) look at
 * {@link #code()}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Problem problem;

  ApiException(String message, @Nullable Problem problem, @Nullable Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  /** The server's answer, empty when there was none (server down, timeout). */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  /** The server's error code ({@code token_expired}, ...), if it sent one. */
  public Optional<String> code() {
    return problem().map(Problem::code);
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return problem == null ? 0 : problem.status();
  }
}
