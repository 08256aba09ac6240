package org.personacollab.generation.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.GenerationServiceApplication;
import org.personacollab.generation.domain.GenerationRunner;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/sessions/{id}/generations} with {@code multipart/form-data} on a real
 * generation-service (real Redis and Kafka from the testkit), in front of a stand-in
 * session-service that publishes the key set our session tokens are signed with and says every
 * caller is an editor. Limits: 3 files, 2000 bytes together, 800 bytes per file.
 */
@WithInfra
class GenerationUploadIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger SESSIONS = new AtomicInteger();
  private static ECKey key;
  private static DisposableServer sessionService;
  private static ConfigurableApplicationContext service;
  private static WebTestClient http;

  @BeforeAll
  static void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    String jwks = new JWKSet(key).toPublicJWKSet().toString();
    sessionService =
        HttpServer.create()
            .port(0)
            .route(routes -> routes
                .get("/api/auth/jwks", (request, response) ->
                    response.header("Content-Type", "application/json").sendString(Mono.just(jwks)).then())
                .get("/api/sessions/{id}", (request, response) ->
                    response.header("Content-Type", "application/json").sendString(Mono.just(
                        "{\"id\":\"" + request.param("id") + "\",\"status\":\"active\",\"participants\":"
                            + "[{\"user_id\":\"dev:alice\",\"role\":\"facilitator\"}]}")).then()))
            .bindNow();
    List<String> args = new ArrayList<>();
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.services.session-url=http://127.0.0.1:" + sessionService.port());
    args.add("--persona.generation.chunk-delay=0ms");
    args.add("--persona.generation.max-files=3");
    args.add("--persona.generation.max-total-size=2000B");
    args.add("--persona.generation.max-file-size=800B");
    service = new SpringApplicationBuilder(GenerationServiceApplication.class).run(args.toArray(String[]::new));
    int port = ((WebServerApplicationContext) service).getWebServer().getPort();
    http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
    if (sessionService != null) sessionService.disposeNow();
  }

  private static String newSession() {
    return "upl" + SESSIONS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  private static String sessionToken(String sessionId) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer("persona-collab").subject("dev:alice").claim("typ", "session").claim("sid", sessionId)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("test-key").build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private static void file(MultipartBodyBuilder body, String name, String content) {
    file(body, name, content.getBytes(UTF_8));
  }

  private static void file(MultipartBodyBuilder body, String name, byte[] content) {
    body.part("files", new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    });
  }

  private static WebTestClient.ResponseSpec upload(String sessionId, MultipartBodyBuilder body) throws Exception {
    return http.post().uri("/api/sessions/{id}/generations", sessionId)
        .header("Authorization", "Bearer " + sessionToken(sessionId))
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(BodyInserters.fromMultipartData(body.build()))
        .exchange();
  }

  private static JsonNode json(WebTestClient.ResponseSpec response, int status) {
    byte[] body = response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
    return JSON.readTree(new String(body == null ? new byte[0] : body, UTF_8));
  }

  /** The frames published on the session's channel from now on. */
  private static List<JsonNode> listen(String sessionId, List<JsonNode> into) {
    ReactiveStringRedisTemplate redis = service.getBean(ReactiveStringRedisTemplate.class);
    String channel = service.getBean(RedisKeys.class).sessionEvents(sessionId);
    redis.listenTo(org.springframework.data.redis.listener.ChannelTopic.of(channel))
        .doOnNext(m -> { synchronized (into) { into.add(JSON.readTree(m.getMessage())); } })
        .subscribe();
    return into;
  }

  private static void assertNothingStarted() {
    assertThat(service.getBean(GenerationRunner.class).runningCount()).isZero();
  }

  @Test
  void upload_usableAndUnusableFiles_202ListingTheProblems_andTheRunQuotesTheUpload() throws Exception {
    String session = newSession();
    List<JsonNode> frames = listen(session, new ArrayList<>());
    Thread.sleep(300); // the subscription reaches Redis before anything is published
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    file(body, "interviews/p1.txt", "Interviewer: How do you plan meals?\nP1: I plan every Sunday with a paper list on the fridge.\n");
    file(body, "notes.md", "# Pain points\n- P1 said the weekly shop takes far too long.\n");
    file(body, "slides.pptx", "not research");
    body.part("count", "1");

    JsonNode started = json(upload(session, body), 202);

    assertThat(started.path("generation_id").asString()).startsWith("gen-");
    assertThat(started.path("session_id").asString()).isEqualTo(session);
    assertThat(started.path("problems")).hasSize(1);
    assertThat(started.path("problems").get(0).path("source").asString()).isEqualTo("slides.pptx");
    assertThat(started.path("problems").get(0).path("code").asString()).isEqualTo("research_unsupported");

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode complete = null;
    while (complete == null && System.nanoTime() < deadline) {
      synchronized (frames) {
        complete = frames.stream().filter(f -> f.path("type").asString().equals("generation_complete")).findFirst().orElse(null);
      }
      Thread.sleep(50);
    }
    assertThat(complete).as("generation_complete on the session channel; saw %s", frames).isNotNull();
    assertThat(complete.toString()).contains("paper list on the fridge").doesNotContain("Pantry Planner");
  }

  @Test
  void upload_moreFilesThanAllowed_413TooManyFiles_andNothingStarts() throws Exception {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    for (int i = 1; i <= 4; i++) file(body, "p" + i + ".txt", "P" + i + ": I shop on Fridays.");

    JsonNode problem = json(upload(newSession(), body), 413);

    assertThat(problem.path("code").asString()).isEqualTo("research_too_many_files");
    assertThat(problem.path("detail").asString()).contains("at most 3");
    assertNothingStarted();
  }

  @Test
  void upload_oneFileOverThePerFileLimit_413FileTooLargeNamingIt() throws Exception {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    file(body, "small.txt", "P1: fine");
    file(body, "big.txt", "P2: " + "x".repeat(900));

    JsonNode problem = json(upload(newSession(), body), 413);

    assertThat(problem.path("code").asString()).isEqualTo("research_file_too_large");
    assertThat(problem.path("detail").asString()).contains("big.txt", "800");
    assertNothingStarted();
  }

  @Test
  void upload_filesOverTheTotalTogether_413TooLarge() throws Exception {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    for (int i = 1; i <= 3; i++) file(body, "p" + i + ".txt", "P" + i + ": " + "y".repeat(700));

    JsonNode problem = json(upload(newSession(), body), 413);

    assertThat(problem.path("code").asString()).isEqualTo("research_too_large");
    assertThat(problem.path("detail").asString()).contains("2000");
    assertNothingStarted();
  }

  @Test
  void upload_nothingUsable_400ValidationFailedListingEachFile() throws Exception {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    file(body, "broken.json", "{\"participant\": ");
    file(body, "bad.txt", new byte[] {'P', '1', ':', ' ', (byte) 0xC3, (byte) 0x28});
    file(body, "deck.key", "slides");

    JsonNode problem = json(upload(newSession(), body), 400);

    assertThat(problem.path("code").asString()).isEqualTo("validation_failed");
    assertThat(problem.path("detail").asString()).contains("none of the 3 files could be used");
    List<String> listed = new ArrayList<>();
    problem.path("problems").forEach(p -> listed.add(p.path("source").asString() + " " + p.path("code").asString()));
    assertThat(listed).containsExactly(
        "bad.txt research_unreadable", "broken.json research_unreadable", "deck.key research_unsupported");
    assertNothingStarted();
  }

  @Test
  void upload_badFields_400NamingThem() throws Exception {
    MultipartBodyBuilder tooMany = new MultipartBodyBuilder();
    file(tooMany, "p1.txt", "P1: fine");
    tooMany.part("count", "9");
    MultipartBodyBuilder unknown = new MultipartBodyBuilder();
    file(unknown, "p1.txt", "P1: fine");
    unknown.part("dataset", "transcripts");
    MultipartBodyBuilder noFiles = new MultipartBodyBuilder();
    noFiles.part("count", "1");

    JsonNode count = json(upload(newSession(), tooMany), 400);
    JsonNode field = json(upload(newSession(), unknown), 400);
    JsonNode empty = json(upload(newSession(), noFiles), 400);

    assertThat(count.path("code").asString()).isEqualTo("validation_failed");
    assertThat(count.path("detail").asString()).contains("count");
    assertThat(field.path("detail").asString()).contains("unknown field \"dataset\"");
    assertThat(empty.path("detail").asString()).contains("no research files");
    assertNothingStarted();
  }

  @Test
  void json_dataset_sameLimitsApply_andTheCountIsValidated() throws Exception {
    String session = newSession();

    // The bundled transcripts are about 2 KB each, over this service's 800 bytes per file.
    JsonNode tooLarge = json(
        http.post().uri("/api/sessions/{id}/generations", session)
            .header("Authorization", "Bearer " + sessionToken(session))
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"count\":1,\"dataset\":\"transcripts\"}").exchange(),
        413);
    JsonNode badCount = json(
        http.post().uri("/api/sessions/{id}/generations", session)
            .header("Authorization", "Bearer " + sessionToken(session))
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"count\":9}").exchange(),
        400);

    assertThat(tooLarge.path("code").asString()).isEqualTo("research_file_too_large");
    assertThat(tooLarge.path("detail").asString()).contains("transcripts/p02-interview.txt");
    assertThat(badCount.path("code").asString()).isEqualTo("validation_failed");
    assertThat(badCount.path("detail").asString()).contains("count");
    assertNothingStarted();
  }

  @Test
  void upload_tokenOfAnotherSession_403BeforeTheBodyIsRead() throws Exception {
    String session = newSession();
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    file(body, "p1.txt", "P1: fine");

    JsonNode problem = json(
        http.post().uri("/api/sessions/{id}/generations", session)
            .header("Authorization", "Bearer " + sessionToken("someother"))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(body.build()))
            .exchange(),
        403);

    assertThat(problem.path("code").asString()).isEqualTo("not_a_participant");
  }
}
