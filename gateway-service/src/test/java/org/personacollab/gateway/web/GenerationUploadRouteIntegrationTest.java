package org.personacollab.gateway.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.testkit.WithInfra;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A research upload ({@code multipart/form-data}, larger than any in-memory codec limit) passes
 * the real gateway's {@code generations} route to generation-service byte for byte, with its
 * boundary, and the service's answer comes back unchanged. generation-service is a stand-in that
 * records what reaches it.
 */
@WithInfra
class GenerationUploadRouteIntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ECKey key;
  private static StubSessionService sessions;
  private static HttpServer generation;
  private static ConfigurableApplicationContext gateway;
  private static final AtomicReference<byte[]> received = new AtomicReference<>();
  private static final AtomicReference<String> receivedType = new AtomicReference<>();
  private static final AtomicReference<String> receivedPath = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    sessions = StubSessionService.start(new JWKSet(key));
    generation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    generation.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        received.set(in.readAllBytes());
      }
      receivedType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
      receivedPath.set(exchange.getRequestURI().getPath());
      byte[] answer = "{\"generation_id\":\"gen-0123456789abcdef\",\"session_id\":\"s1\",\"status\":\"started\"}".getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    generation.start();
    gateway = sessions.gateway("--persona.services.generation-url=http://127.0.0.1:" + generation.getAddress().getPort());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (generation != null) generation.stop(0);
    if (sessions != null) sessions.close();
  }

  @Test
  void multipartUploadOfSixMegabytes_reachesGenerationServiceByteForByte() throws Exception {
    byte[] file = new byte[6 * 1024 * 1024];
    new Random(42).nextBytes(file);
    String boundary = "persona-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"transcripts/p1.txt\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(UTF_8));
    body.write(file);
    body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n2\r\n--" + boundary + "--\r\n")
        .getBytes(UTF_8));
    byte[] sent = body.toByteArray();

    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create(StubSessionService.base(gateway) + "/api/sessions/s1/generations"))
            .header("Authorization", "Bearer " + StubSessionService.es256(key, "persona-collab", "dev:alice"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(sent))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(response.body()).contains("gen-0123456789abcdef");
    assertThat(receivedPath.get()).isEqualTo("/api/sessions/s1/generations");
    assertThat(receivedType.get()).isEqualTo("multipart/form-data; boundary=" + boundary);
    assertThat(received.get().length).isEqualTo(sent.length);
    assertThat(Arrays.equals(received.get(), sent)).as("the body arrives unchanged").isTrue();
    assertThat(List.of(sessions.calls())).as("nothing went to session-service").containsExactly(0);
  }
}
