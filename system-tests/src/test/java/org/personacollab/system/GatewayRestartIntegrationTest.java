package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A gateway restart: sockets are told to reconnect (1012), and clients resume on the new gateway. */
@WithInfra
class GatewayRestartIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).isPositive();
  }

  @Test
  void restart_socketsClosed1012_clientsResumeWithoutLossOrDuplicates() throws Exception {
    Auth auth = new Auth(system);
    String session = auth.create("Restart", "alice").sessionId();

    String clientA;
    String clientB;
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob")) {
      clientA = a.awaitType("welcome", WAIT).path("clientId").asString();
      clientB = b.awaitType("welcome", WAIT).path("clientId").asString();
      a.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
      a.awaitType("op", WAIT);
      b.awaitType("op", WAIT);

      system.restart("gateway-service");

      assertThat(a.awaitClose(WAIT).code()).isEqualTo(1012);
      assertThat(b.awaitClose(WAIT).code()).isEqualTo(1012);
    }
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob")) {
      a.awaitType("welcome", WAIT);
      b.awaitType("welcome", WAIT);
      a.send("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + clientA + "\",\"version\":1,\"seq\":1}");
      b.send("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + clientB + "\",\"version\":1,\"seq\":0}");
      JsonNode resumedA = a.awaitType("welcome", WAIT);
      JsonNode resumedB = b.awaitType("welcome", WAIT);
      assertThat(resumedA.path("resumed").asBoolean()).as("signed by the old gateway, accepted by the new").isTrue();
      assertThat(resumedB.path("resumed").asBoolean()).isTrue();

      b.send("{\"type\":\"edit\",\"path\":\"title\",\"value\":\"After restart\"}");
      JsonNode opA = a.awaitType("op", WAIT);
      JsonNode opB = b.awaitType("op", WAIT);
      assertThat(opA).isEqualTo(opB);
      assertThat(opA.path("v").asLong()).isEqualTo(1);
      assertThat(opA.path("src").asString()).isEqualTo(clientB);
      assertThat(opA.path("seq").asLong()).isEqualTo(1);
    }
  }
}
