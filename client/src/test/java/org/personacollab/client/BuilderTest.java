package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {
  @Test
  void endpoint_table() {
    String[][] rows = {
      // server, session, name, endpoint
      {"ws://localhost:8080", "k3v9x2m7qa", null, "ws://localhost:8080/ws/sessions/k3v9x2m7qa"},
      {"ws://localhost:8080/", "s1", "alice", "ws://localhost:8080/ws/sessions/s1?name=alice"},
      {"wss://collab.example.org/prefix/", "s1", "Zoë & Bo", "wss://collab.example.org/prefix/ws/sessions/s1?name=Zo%C3%AB%20%26%20Bo"},
    };
    for (String[] row : rows) {
      PersonaClient.Builder b = PersonaClient.builder(URI.create(row[0]), row[1]);
      if (row[2] != null) {
        b.name(row[2]);
      }
      assertThat(b.endpoint()).as(row[0]).hasToString(row[3]);
    }
  }

  @Test
  void builder_rejectsBadSettings_namingThem() {
    assertThatThrownBy(() -> PersonaClient.builder(URI.create("http://localhost"), "s")).hasMessageContaining("ws://");
    assertThatThrownBy(() -> PersonaClient.builder(URI.create("ws://localhost"), " ")).hasMessageContaining("session id");
    var b = PersonaClient.builder(URI.create("ws://localhost"), "s");
    assertThatThrownBy(() -> b.heartbeat(Duration.ZERO)).hasMessageContaining("heartbeat");
    assertThatThrownBy(() -> b.reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1))).hasMessageContaining("below the minimum");
    assertThatThrownBy(() -> b.maxFrameBytes(10)).hasMessageContaining("maxFrameBytes");
  }

  @Test
  void build_givesANewClient() {
    PersonaClient c = PersonaClient.builder(URI.create("ws://localhost:1"), "s").build();
    assertThat(c.state()).isEqualTo(ConnectionState.NEW);
    assertThat(c.document()).isNull();
    assertThat(c.version()).isEqualTo(-1);
    assertThat(c.clientId()).isNull();
    c.close().block(Duration.ofSeconds(5));
    assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
  }
}
