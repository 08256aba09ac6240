package org.personacollab.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.testkit.WithInfra;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST limit on a real gateway with Spring Cloud Gateway's Redis limiter against the real
 * Redis, in front of a stub session-service that counts what reaches it and publishes the key set
 * our test tokens are signed with. Rate 2/s, burst 3.
 */
@WithInfra
class RestRateLimitIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ECKey key;
  private static StubSessionService backend;
  private static ConfigurableApplicationContext gateway;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    backend = StubSessionService.start(new JWKSet(key));
    gateway = backend.gateway("--persona.gateway.rest-requests-per-second=2", "--persona.gateway.rest-burst=3");
    base = StubSessionService.base(gateway);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (backend != null) backend.close();
  }

  @Test
  void overTheBurst_429WithRetryAfter_andTheCallNeverReachesTheService() throws Exception {
    String alice = token("u-alice-" + System.nanoTime());
    int before = backend.calls();
    List<HttpResponse<String>> responses = untilRefused(() -> get("/api/sessions", alice));
    HttpResponse<String> refused = responses.get(responses.size() - 1);
    List<HttpResponse<String>> passed = responses.subList(0, responses.size() - 1);
    // The burst (3) at least; a second boundary of Redis time crossed meanwhile adds 2 more.
    assertThat(passed).hasSizeBetween(3, 7).allSatisfy(ok -> {
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).isPresent();
    });

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("code").asString()).isEqualTo("rate_limited");
    assertThat(problem.path("retryAfter").asLong()).isEqualTo(500);
    assertThat(problem.path("detail").asString()).contains("2 per second");
    assertThat(backend.calls() - before).as("calls that reached session-service").isEqualTo(passed.size());
  }

  @Test
  void limitIsPerUser_andRefillsAtTheRate() throws Exception {
    String carol = token("u-carol-" + System.nanoTime());
    String dave = token("u-dave-" + System.nanoTime());
    assertThat(untilRefused(() -> get("/api/sessions", carol))).last().extracting(HttpResponse::statusCode).isEqualTo(429);

    assertThat(get("/api/sessions", dave).statusCode()).as("another user is not slowed").isEqualTo(200);

    // Two tokens come back each second. The limiter's Lua script counts whole seconds of Redis
    // time, so how many are back after 1.1 s depends on where the second boundaries fall (and a
    // slow machine may cross another one while calling): at least one call goes through, and
    // calling on soon finds the bucket empty again.
    Thread.sleep(1100);
    List<Integer> statuses = untilRefused(() -> get("/api/sessions", carol)).stream().map(HttpResponse::statusCode).toList();
    assertThat(statuses).startsWith(200).endsWith(429);
  }

  @Test
  void anonymousCalls_areLimitedByAddress() throws Exception {
    // The development login is open, so it is counted per client address (all of these come
    // from 127.0.0.1); no other test calls anonymously.
    List<Integer> statuses =
        untilRefused(() -> post("/api/auth/token", "{\"name\":\"eve\"}")).stream().map(HttpResponse::statusCode).toList();
    assertThat(statuses).startsWith(200, 200, 200).endsWith(429);
  }

  @Test
  void tokenWithoutSubject_isCountedByAddress_notAnError() throws Exception {
    // An invite token presented as a bearer token is valid to the gateway but names nobody.
    HttpResponse<String> response = get("/api/sessions", token(null));
    assertThat(response.statusCode()).as(response.body()).isIn(200, 429);
    assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isPresent();
  }

  @Test
  void invalidToken_isRefusedBeforeTheLimiter_andDoesNotUseAnyonesBucket() throws Exception {
    HttpResponse<String> response = get("/api/sessions", "not-a-token");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
  }

  /** A call made until it is refused (at most 12 times): every response, the refusal last. */
  private static List<HttpResponse<String>> untilRefused(Call call) throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    do {
      responses.add(call.make());
    } while (responses.get(responses.size() - 1).statusCode() == 200 && responses.size() < 12);
    return responses;
  }

  @FunctionalInterface
  private interface Call {
    HttpResponse<String> make() throws Exception;
  }

  private static String token(@org.jspecify.annotations.Nullable String subject) throws Exception {
    return StubSessionService.es256(key, "persona-collab", subject);
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return StubSessionService.get(base, path, token);
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
