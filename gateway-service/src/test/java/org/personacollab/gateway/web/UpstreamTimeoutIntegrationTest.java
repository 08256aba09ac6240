package org.personacollab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.testkit.WithInfra;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An upstream service that takes a request and never answers does not hold the caller for ever:
 * the gateway's response timeout ({@code persona.services.response-timeout}, 30 s by default,
 * here 1 s) ends it with 504, and the next request is served normally.
 */
@WithInfra
class UpstreamTimeoutIntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final CountDownLatch NEVER = new CountDownLatch(1);
  private static final AtomicInteger reached = new AtomicInteger();
  private static ECKey key;
  private static StubSessionService sessions;
  private static HttpServer silent;
  private static ConfigurableApplicationContext gateway;

  @BeforeAll
  static void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    sessions = StubSessionService.start(new JWKSet(key));
    silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    silent.setExecutor(Executors.newCachedThreadPool());
    silent.createContext("/", exchange -> {
      reached.incrementAndGet();
      try {
        NEVER.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    silent.start();
    gateway = sessions.gateway(
        "--persona.services.generation-url=http://127.0.0.1:" + silent.getAddress().getPort(),
        "--persona.services.response-timeout=1s");
  }

  @AfterAll
  static void stop() {
    NEVER.countDown();
    if (gateway != null) gateway.close();
    if (silent != null) silent.stop(0);
    if (sessions != null) sessions.close();
  }

  @Test
  void upstreamThatNeverAnswers_gets504WithinTheResponseTimeout_otherRoutesUnaffected() throws Exception {
    String token = StubSessionService.es256(key, "persona-collab", "dev:alice");
    long start = System.nanoTime();
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create(StubSessionService.base(gateway) + "/api/sessions/s1/generations/gen-1"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(reached.get()).as("the request reached the silent service").isEqualTo(1);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(8));

    HttpResponse<String> other = StubSessionService.get(StubSessionService.base(gateway), "/api/sessions", token);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
  }
}
