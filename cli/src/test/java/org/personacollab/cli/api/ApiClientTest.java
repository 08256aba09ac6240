package org.personacollab.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.cli.StubServer;
import tools.jackson.databind.JsonNode;

class ApiClientTest {
  final StubServer stub = StubServer.start();
  final ApiClient api = new ApiClient(URI.create(stub.url()), Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void post_sendsJsonAndBearer_returnsTheBody() {
    stub.json("POST", "/api/sessions", 201, "{\"role\":\"facilitator\"}");

    JsonNode answer = api.post("/api/sessions", "tok", Map.of("name", "Workshop"));

    assertThat(answer.path("role").asString()).isEqualTo("facilitator");
    StubServer.Request sent = stub.last("POST", "/api/sessions");
    assertThat(sent.authorization()).isEqualTo("Bearer tok");
    assertThat(sent.body()).isEqualTo("{\"name\":\"Workshop\"}");
  }

  @Test
  void problemAnswer_apiExceptionWithCodeStatusAndSentence() {
    stub.problem("POST", "/api/sessions/s1/join", 403, "invite_expired", "This invite expired at 2025-01-16T09:00:00Z.");

    assertThatThrownBy(() -> api.post("/api/sessions/s1/join", "tok", Map.of("invite", "x")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).contains("invite_expired");
          assertThat(e.getMessage()).isEqualTo("This invite expired at 2025-01-16T09:00:00Z. (invite_expired)");
        });
  }

  @Test
  void emptySuccess_isAnEmptyObject_nonJsonSuccess_isAnError() {
    stub.on("POST", "/empty", r -> new StubServer.Response(204, "text/plain", ""));
    stub.on("GET", "/html", r -> new StubServer.Response(200, "text/html", "<html>hi</html>"));

    assertThat(api.post("/empty", null, null).isEmpty()).isTrue();
    assertThatThrownBy(() -> api.get("/html", null)).isInstanceOf(ApiException.class).hasMessageContaining("not JSON: <html>hi</html>");
  }

  @Test
  void serverDown_saysWhereAndHowToStartOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ApiClient nowhere = new ApiClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));

    assertThatThrownBy(() -> nowhere.get("/api/sessions", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problem()).isEmpty())
        .hasMessage("cannot reach the Persona Collab server at http://127.0.0.1:" + port
            + " (connection refused); start one with 'persona up', or name another with --server");
  }

  @Test
  void slowServer_timesOutWithTheRequestNamed() {
    stub.on("GET", "/slow", r -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new StubServer.Response(200, "application/json", "{}");
    });
    ApiClient impatient = new ApiClient(URI.create(stub.url()), Duration.ofSeconds(1));

    assertThatThrownBy(() -> impatient.get("/slow", null))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("did not answer GET /slow within 1 s");
  }
}
