package org.personacollab.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthProbeTest {
  private HttpServer server;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/up", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
    server.createContext("/down", exchange -> respond(exchange, 503, "{\"status\":\"DOWN\"}"));
    server.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void check_up_isZero() {
    assertThat(HealthProbe.check(new String[] {url("/up")}, out)).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("200 {\"status\":\"UP\"}");
  }

  @Test
  void check_down_isOne() {
    assertThat(HealthProbe.check(new String[] {url("/down")}, out)).isOne();
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("503 ");
  }

  @Test
  void check_nothingListening_isOne() {
    int port = server.getAddress().getPort();
    server.stop(0);

    assertThat(HealthProbe.check(new String[] {"http://127.0.0.1:" + port + "/up"}, out)).isOne();
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("no answer from");
  }

  @ParameterizedTest
  @CsvSource({
    "http://example.com/actuator/health, only http URLs on this container",
    "https://localhost/actuator/health, only http URLs on this container",
    "'not a url', not a URL: not a url",
    "ftp://localhost/x, only http URLs on this container",
  })
  void check_urlElsewhere_isRefusedWithoutACall(String url, String message) {
    assertThat(HealthProbe.check(new String[] {url}, out)).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith(message);
  }

  @Test
  void check_noArgument_printsUsage() {
    assertThat(HealthProbe.check(new String[0], out)).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("usage:");
  }
}
