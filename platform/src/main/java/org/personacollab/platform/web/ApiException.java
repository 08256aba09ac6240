package org.personacollab.platform.web;

import org.personacollab.protocol.ErrorCode;

/**
 * A failure to report to a REST caller: rendered by {@link ProblemHandler} as
 * {@code application/problem+json} with the code's HTTP status and {@code "code"} property.
 */
public class ApiException extends RuntimeException {
  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
