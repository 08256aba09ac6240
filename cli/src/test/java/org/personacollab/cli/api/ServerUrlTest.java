package org.personacollab.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.personacollab.cli.CliException;

class ServerUrlTest {

  @Test
  void parse_dropsTrailingSlashes_keepsPrefix() {
    assertThat(ServerUrl.parse("http://localhost:8080/")).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(ServerUrl.parse("https://persona.example/collab//")).isEqualTo(URI.create("https://persona.example/collab"));
  }

  @Test
  void parse_notAServerAddress_namesIt() {
    for (String bad : new String[] {"localhost:8080", "ftp://host", "http://", "http://h/?x=1", "not a url"}) {
      assertThatThrownBy(() -> ServerUrl.parse(bad)).as(bad).isInstanceOf(CliException.class).hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void webSocket_httpToWs_httpsToWss() {
    assertThat(ServerUrl.webSocket(URI.create("http://localhost:8080"))).isEqualTo(URI.create("ws://localhost:8080"));
    assertThat(ServerUrl.webSocket(URI.create("https://p.example/collab"))).isEqualTo(URI.create("wss://p.example/collab"));
  }
}
