package org.personacollab.sync.web;

import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.sync.history.HistoryTrimmed;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 410 {@code history_trimmed} with {@code earliest} and {@code persist_history} in the problem. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class HistoryProblems {
  @ExceptionHandler(HistoryTrimmed.class)
  public ResponseEntity<ProblemDetail> trimmed(HistoryTrimmed e) {
    ResponseEntity<ProblemDetail> response = ProblemHandler.response(e.code(), e.getMessage());
    response.getBody().setProperty("earliest", e.earliest());
    response.getBody().setProperty("persist_history", e.persistHistory());
    return response;
  }
}
