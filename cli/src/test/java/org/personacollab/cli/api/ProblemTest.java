package org.personacollab.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.personacollab.cli.Json;

class ProblemTest {

  private static Problem parse(int status, String body) {
    return Problem.of(status, Json.tree(body));
  }

  @Test
  void describe_detailThenCode() {
    Problem problem = parse(409, "{\"type\":\"urn:persona-collab:error:session_full\",\"title\":\"Conflict\",\"status\":409,"
        + "\"detail\":\"Session k3v9x2m7qa already has 10 participants; someone must leave first.\",\"code\":\"session_full\"}");

    assertThat(problem.code()).isEqualTo("session_full");
    assertThat(problem.describe("POST /api/sessions/k3v9x2m7qa/join"))
        .isEqualTo("Session k3v9x2m7qa already has 10 participants; someone must leave first. (session_full)");
  }

  @Test
  void describe_expiredToken_saysToSignInAgain() {
    Problem problem = parse(401, "{\"status\":401,\"detail\":\"The token has expired.\",\"code\":\"token_expired\"}");

    assertThat(problem.describe("GET /api/sessions"))
        .isEqualTo("The token has expired. (token_expired) Run 'persona login' to sign in again.");
  }

  @Test
  void describe_knownCodeWithoutDetail_usesTheCodesStandardSentence() {
    assertThat(parse(410, "{\"status\":410,\"code\":\"session_closed\"}").describe("POST /x"))
        .isEqualTo("The session has been closed. (session_closed)");
  }

  @Test
  void describe_notAProblem_namesStatusAndRequest() {
    Problem problem = Problem.of(502, null);

    assertThat(problem.code()).isNull();
    assertThat(problem.describe("POST /api/sessions")).isEqualTo("the server answered HTTP 502 to POST /api/sessions");
  }

  @Test
  void of_nonObjectBodyOrBlankFields_givesOnlyTheStatus() {
    assertThat(parse(400, "[1,2]")).isEqualTo(new Problem(400, null, null, null));
    assertThat(parse(400, "{\"code\":\"  \",\"detail\":7}")).isEqualTo(new Problem(400, null, null, null));
  }
}
