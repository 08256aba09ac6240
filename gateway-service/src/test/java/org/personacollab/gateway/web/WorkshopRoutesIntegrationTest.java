package org.personacollab.gateway.web;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.GatewayApplication;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The workshop's REST edge on the real gateway with real Kafka: a command is queued on
 * {@code persona.edits} as the socket would queue it (event {@code workshop.<action>}, the caller's
 * role now, as session-service says), and the answer is its outcome read back from
 * {@code persona.ops}. The test plays the sequencer (sync-service's own tests cover its rules):
 * it answers {@code vote p9} with a refusal and any other command with an op whose first
 * component sets {@code _workshop}.
 */
@WithInfra
class WorkshopRoutesIntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final WireCodec CODEC = new WireCodec();
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static ECKey key;
  private static HttpServer sessions;
  private static ConfigurableApplicationContext gateway;
  private static final List<EditRecord> queued = new CopyOnWriteArrayList<>();
  private static final AtomicBoolean running = new AtomicBoolean(true);
  private static Thread sequencer;

  @BeforeAll
  static void start() throws Exception {
    Infra.get().createTopics(Map.of(PREFIX + ".edits", 1, PREFIX + ".ops", 1));
    key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    String jwks = new JWKSet(key).toPublicJWKSet().toString();
    sessions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sessions.createContext("/api/auth/jwks", ex -> StubSessionService.reply(ex, jwks));
    // session-service's view of s1: alice edits, vic views.
    sessions.createContext("/api/sessions/s1", ex -> StubSessionService.reply(ex,
        "{\"id\":\"s1\",\"status\":\"active\",\"participants\":[{\"user_id\":\"dev:alice\",\"role\":\"editor\"},"
            + "{\"user_id\":\"dev:vic\",\"role\":\"viewer\"}]}"));
    sessions.start();
    List<String> args = new java.util.ArrayList<>();
    Infra.get().springProperties(PREFIX).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.services.session-url=http://127.0.0.1:" + sessions.getAddress().getPort());
    args.add("--persona.kafka.partitions=1");
    gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    sequencer = new Thread(WorkshopRoutesIntegrationTest::playSequencer, "fake-sequencer");
    sequencer.setDaemon(true);
    sequencer.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    running.set(false);
    if (sequencer != null) sequencer.join(5000);
    if (gateway != null) gateway.close();
    if (sessions != null) sessions.stop(0);
  }

  /** Reads persona.edits and answers each workshop command on persona.ops. */
  private static void playSequencer() {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-sync-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    long v = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c); KafkaProducer<String, byte[]> producer = Infra.get().producer()) {
      consumer.subscribe(List.of(PREFIX + ".edits"));
      while (running.get()) {
        for (var r : consumer.poll(Duration.ofMillis(100))) {
          EditRecord edit = CODEC.read(r.value(), EditRecord.class);
          queued.add(edit);
          Object answer = "p9".equals(edit.event().path("data").path("proposal").asString(""))
              ? new OpsRecord.Rejected("s1", edit.src(), edit.seq(), "proposal_not_found", "There is no proposal p9 in this session.")
              : new OpsRecord.Sequenced("s1", v++, edit.src(), edit.seq(),
                  CODEC.readTree("[{\"p\":[\"_workshop\"],\"oi\":{\"votes\":{},\"next\":" + (v + 1) + "}}]"), edit.userId(), 0);
          producer.send(new ProducerRecord<>(PREFIX + ".ops", "s1", CODEC.writeBytes(answer)));
          producer.flush();
        }
      }
    }
  }

  private static String token(String user) throws Exception {
    return StubSessionService.es256(key, "persona-collab", user);
  }

  private static HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(StubSessionService.base(gateway) + path))
        .header("Authorization", "Bearer " + token(user))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(30))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  /** The ops listener must be reading before a command's outcome can come back. */
  private static HttpResponse<String> sendWhenReady(String method, String path, String user, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> response = send(method, path, user, body);
    while (response.statusCode() == 503 && System.nanoTime() < deadline) response = send(method, path, user, body);
    return response;
  }

  @Test
  void vote_isQueuedWithTheCurrentRole_andAnsweredWithTheStateAfterIt() throws Exception {
    HttpResponse<String> response = sendWhenReady("POST", "/api/sessions/s1/votes", "dev:alice", "{\"proposal\":\"p2\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = CODEC.readTree(response.body());
    assertThat(body.path("workshop").path("votes").isObject()).isTrue();
    assertThat(body.path("version").asLong()).isPositive();
    EditRecord command = queued.stream().filter(e -> e.event().path("data").path("proposal").asString("").equals("p2")).findFirst().orElseThrow();
    assertThat(command.event().path("type").asString()).isEqualTo("workshop.vote");
    assertThat(command.event().path("data").path("role").asString()).isEqualTo("editor");
    assertThat(command.userId()).isEqualTo("dev:alice");
    assertThat(command.src()).startsWith("rest:");
    assertThat(command.seq()).isEqualTo(1);
  }

  @Test
  void refusal_isAProblemWithTheSequencersCode() throws Exception {
    HttpResponse<String> response = sendWhenReady("POST", "/api/sessions/s1/votes", "dev:alice", "{\"proposal\":\"p9\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
    assertThat(CODEC.readTree(response.body()).path("code").asString()).isEqualTo("proposal_not_found");
  }

  @Test
  void viewer_isForbidden_badBody_isValidationFailed_andNeitherIsQueued() throws Exception {
    int before = queued.size();
    HttpResponse<String> viewer = send("POST", "/api/sessions/s1/votes", "dev:vic", "{\"proposal\":\"p2\"}");
    HttpResponse<String> bad = send("POST", "/api/sessions/s1/votes", "dev:alice", "{\"proposal\":\"two\"}");
    HttpResponse<String> stranger = send("POST", "/api/sessions/s1/floor", "dev:mallory", "{\"action\":\"pass\"}");

    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(CODEC.readTree(viewer.body()).path("code").asString()).isEqualTo("forbidden");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(CODEC.readTree(bad.body()).path("code").asString()).isEqualTo("validation_failed");
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(CODEC.readTree(stranger.body()).path("code").asString()).isEqualTo("not_a_participant");
    Thread.sleep(500);
    assertThat(queued).hasSize(before);
  }

  @Test
  void closeVote_takesTheVoteFromThePath() throws Exception {
    HttpResponse<String> response = sendWhenReady("POST", "/api/sessions/s1/votes/v1/close", "dev:alice", "{}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    EditRecord command = queued.stream().filter(e -> e.event().path("type").asString().equals("workshop.close_vote")).findFirst().orElseThrow();
    assertThat(command.event().path("data").path("vote").asString()).isEqualTo("v1");
    assertThat(command.event().path("data").has("winner")).isFalse();
  }
}
