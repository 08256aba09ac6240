package org.personacollab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The error codes are a stable, documented contract: one code, one status, one message each. */
class ErrorCodeTest {

  @Test
  void code_isUniqueSnakeCase() {
    Map<String, Long> counts =
        Arrays.stream(ErrorCode.values()).collect(Collectors.groupingBy(ErrorCode::code, Collectors.counting()));

    assertThat(counts.values()).as("duplicate codes in %s", counts).allMatch(n -> n == 1);
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.code()).matches("[a-z]+(_[a-z]+)*");
      // The constant is the code in capitals, so a reader can find one from the other.
      assertThat(code.name()).isEqualTo(code.code().toUpperCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void fromCode_findsEveryCodeAndNothingElse() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.fromCode(code.code())).contains(code);
    }
    assertThat(ErrorCode.fromCode("INVALID_JSON")).isEmpty();
    assertThat(ErrorCode.fromCode("")).isEmpty();
  }

  @Test
  void httpStatus_isAClientOrServerError() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.httpStatus()).as(code.code()).isBetween(400, 599);
    }
  }

  @Test
  void message_isAHumanSentence() {
    for (ErrorCode code : ErrorCode.values()) {
      String message = code.message();
      assertThat(message).as(code.code()).isNotBlank().endsWith(".");
      assertThat(Character.isUpperCase(message.charAt(0))).as(code.code()).isTrue();
    }
  }

  @Test
  void retryable_isRateLimitedAndUnavailable() {
    // docs/protocol.md and the AsyncAPI document (x-retry-after) list the same two codes.
    Set<ErrorCode> retryable =
        Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable).collect(Collectors.toSet());

    assertThat(retryable).containsExactlyInAnyOrder(ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE);
  }

  @Test
  void retryable_onlyWhereTheStatusSaysWaitingHelps() {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.retryable()) assertThat(code.httpStatus()).as(code.code()).isIn(429, 503);
    }
  }
}
