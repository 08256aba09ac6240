package org.personacollab.platform.web;

import java.net.URI;
import java.util.stream.Collectors;
import org.personacollab.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Renders every REST failure as RFC 9457 {@code application/problem+json} with a stable
 * {@code code} property, e.g.
 *
 * <pre>
 * {"type":"urn:persona-collab:error:session_not_found","title":"Not Found","status":404,
 *  "detail":"There is no session with id abc123.","code":"session_not_found"}
 * </pre>
 */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  /** Builds the problem body for a code and detail message. */
  public static ProblemDetail problem(ErrorCode code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()), detail);
    problem.setType(URI.create("urn:persona-collab:error:" + code.code()));
    HttpStatus status = HttpStatus.resolve(code.httpStatus());
    problem.setTitle(status == null ? code.code() : status.getReasonPhrase());
    problem.setProperty("code", code.code());
    return problem;
  }

  /** A response entity with the problem body and its content type. */
  public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail) {
    return ResponseEntity.status(code.httpStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem(code, detail));
  }

  @ExceptionHandler(ApiException.class)
  public ResponseEntity<ProblemDetail> api(ApiException e) {
    return response(e.code(), e.getMessage());
  }

  @ExceptionHandler(WebExchangeBindException.class)
  public ResponseEntity<ProblemDetail> validation(WebExchangeBindException e) {
    String detail =
        e.getFieldErrors().stream()
            .map(f -> f.getField() + ": " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return response(ErrorCode.VALIDATION_FAILED, detail.isEmpty() ? "The request is not valid." : detail);
  }

  @ExceptionHandler(ServerWebInputException.class)
  public ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
    Throwable cause = e.getMostSpecificCause();
    String reason = cause.getMessage() == null ? e.getReason() : cause.getMessage();
    int newline = reason == null ? -1 : reason.indexOf('\n');
    if (newline > 0) reason = reason.substring(0, newline);
    return response(ErrorCode.INVALID_JSON, "The request body could not be read: " + reason);
  }

  @ExceptionHandler(ResponseStatusException.class)
  public ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
    ErrorCode code =
        switch (e.getStatusCode().value()) {
          case 404 -> ErrorCode.NOT_FOUND;
          case 400, 405, 406, 415 -> ErrorCode.VALIDATION_FAILED;
          case 503 -> ErrorCode.UNAVAILABLE;
          default -> ErrorCode.INTERNAL;
        };
    ProblemDetail problem = problem(code, e.getReason() == null ? code.message() : e.getReason());
    problem.setStatus(e.getStatusCode().value());
    return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected error", e);
    return response(ErrorCode.INTERNAL, ErrorCode.INTERNAL.message());
  }
}
