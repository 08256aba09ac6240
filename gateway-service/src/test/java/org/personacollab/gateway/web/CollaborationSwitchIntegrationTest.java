package org.personacollab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.personacollab.gateway.GatewayApplication;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The seed's feature flag and configuration validation, on a real gateway. */
@WithInfra
class CollaborationSwitchIntegrationTest {

  private static ConfigurableApplicationContext start(String... extra) {
    var properties = new java.util.ArrayList<String>();
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> properties.add("--" + k + "=" + v));
    properties.add("--server.port=0");
    properties.addAll(java.util.List.of(extra));
    return new SpringApplicationBuilder(GatewayApplication.class).run(properties.toArray(String[]::new));
  }

  @Test
  void enabledFalse_socketRefusedWithClearCode() {
    try (ConfigurableApplicationContext ctx = start("--collaboration.enabled=false")) {
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      try (TestSocket socket = TestSocket.connect(URI.create("ws://localhost:" + port + "/ws/sessions/abc123"), Duration.ofSeconds(10))) {
        TestSocket.CloseStatus status = socket.awaitClose(Duration.ofSeconds(10));
        assertThat(status.code()).isEqualTo(4503);
        assertThat(status.reason()).startsWith("collaboration_disabled").contains("collaboration.enabled");
        assertThat(socket.received()).isEmpty();
      }
    }
  }

  /** GET /api/collaboration tells clients the mode without a token; the default is sync-service's (ot). */
  @Test
  void collaborationEndpoint_reportsTheConfiguredMode_withoutAToken() throws Exception {
    for (String mode : new String[] {null, "crdt"}) {
      try (ConfigurableApplicationContext ctx = mode == null ? start() : start("--collaboration.conflict_resolution=" + mode,
          "--collaboration.streaming.chunk_size=7")) {
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        var response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/collaboration")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        var json = new tools.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(json.path("conflict_resolution").asText()).isEqualTo(mode == null ? "ot" : "crdt");
        assertThat(json.path("max_merge_entries").asInt()).isEqualTo(1000);
        assertThat(json.path("enabled").asBoolean()).isTrue();
        assertThat(json.path("streaming").path("chunk_size").asInt()).isEqualTo(mode == null ? 50 : 7);
      }
    }
  }

  /** What the operator sees is Boot's failure report on the console: it names the key as written. */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void invalidValue_startupFailsNamingTheKey(CapturedOutput output) {
    assertThatThrownBy(() -> start("--collaboration.server.max_sessions=0").close())
        .satisfies(e -> assertThat(causes(e)).contains("collaboration.server.maxSessions").contains("must be greater than or equal to 1"));
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("Invalid setting: collaboration.server.max_sessions = 0 (must be greater than or equal to 1)");

    assertThatThrownBy(() -> start("--collaboration.conflict_resolution=newest").close())
        .satisfies(e -> assertThat(causes(e)).contains("collaboration.conflict-resolution").contains("newest"));
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
    return all.toString();
  }
}
