package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.personacollab.system.Auth.Grant;
import org.personacollab.system.Table.Expect;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every limit of a deployment, on one system started with small ones:
 *
 * <table>
 *   <caption>Limits and where they are proven</caption>
 *   <tr><td>{@code collaboration.server.max_sessions} = 4</td><td>{@link #maxSessions_refusedSessionLimitReached_closingOneFreesASlot}</td></tr>
 *   <tr><td>{@code collaboration.server.max_participants_per_session} = 3</td><td>{@link #maxParticipants_refusedSessionFull_leavingFreesASlot}</td></tr>
 *   <tr><td>{@code persona.gateway.frames-per-second} = 10</td><td>{@link #framesPerConnection_excessNackedRateLimitedWithRetryAfter_nothingApplied}</td></tr>
 *   <tr><td>{@code persona.gateway.frames-per-second-per-user} = 15</td><td>{@link #framesPerUser_overAllTheirSockets_excessRefused_nothingApplied}</td></tr>
 *   <tr><td>{@code persona.gateway.max-frame-bytes} = 2048</td><td>{@link #maxFrameBytes_atTheLimitServed_oneByteMoreClosed1009}</td></tr>
 *   <tr><td>{@code persona.sync.max-document-bytes} = 2048</td><td>{@link #maxDocumentBytes_growingChangeNackedDocumentTooLarge}</td></tr>
 *   <tr><td>{@code persona.sessions.idle-timeout} = 20s (the finer form of
 *       {@code collaboration.session.timeout_minutes}), {@code persona.sessions.sweep-interval} = 500ms</td>
 *       <td>{@link #idleSession_closedForTimeout_socketsTold_audited_busyOneKeptOpen}</td></tr>
 * </table>
 *
 * The idle timeout's two sessions are made first, in {@link #start()}, and the other tests run
 * while it elapses; the idle test runs last. The timeout is well above the 10 s between a
 * gateway's activity marks, so that the busy session's edits keep it open. The sessions the other
 * tests make are closed when they end, so that the session count stays known (and none sits idle
 * long enough to be swept).
 */
@WithInfra
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_SESSIONS = 4;
  private static final int MAX_PARTICIPANTS = 3;
  private static final int PER_CONNECTION = 10;
  private static final int PER_USER = 15;
  private static final int MAX_FRAME = 2048;
  private static final int MAX_DOCUMENT = 2048;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
  private static RunningSystem system;
  private static Auth auth;
  /** Made first and left alone: closed by the idle sweep while the other tests run. */
  private static Grant quiet;
  /** No later than the quiet session's last activity. */
  private static long quietActiveFrom;
  private static TestSocket quietAlice;
  private static TestSocket quietBob;
  /** Made first and edited every few seconds: it must stay open. */
  private static Grant busy;
  private static TestSocket busySocket;
  private static ScheduledExecutorService editor;

  @BeforeAll
  static void start() throws Exception {
    system =
        RunningSystem.start(
            Map.of(
                "collaboration.server.max_sessions", Integer.toString(MAX_SESSIONS),
                "collaboration.server.max_participants_per_session", Integer.toString(MAX_PARTICIPANTS),
                "persona.sessions.idle-timeout", IDLE_TIMEOUT.toSeconds() + "s",
                "persona.sessions.sweep-interval", "500ms",
                "persona.gateway.frames-per-second", Integer.toString(PER_CONNECTION),
                "persona.gateway.frames-per-second-per-user", Integer.toString(PER_USER),
                "persona.gateway.max-frame-bytes", Integer.toString(MAX_FRAME),
                "persona.sync.max-document-bytes", Integer.toString(MAX_DOCUMENT),
                // The REST limit has its own test (gateway-service); here it must not interfere.
                "persona.gateway.rest-burst", "100000"));
    auth = new Auth(system);
    quiet = auth.create("Goes quiet", "alice");
    quietActiveFrom = System.currentTimeMillis();
    auth.join(quiet.sessionId(), "bob", "editor"); // its last activity
    quietAlice = auth.socket(quiet.sessionId(), "alice");
    quietBob = auth.socket(quiet.sessionId(), "bob");
    quietAlice.awaitType("welcome", WAIT);
    quietBob.awaitType("welcome", WAIT);
    busy = auth.create("Stays busy", "betty");
    busySocket = auth.socket(busy.sessionId(), "betty");
    busySocket.awaitType("welcome", WAIT);
    editor = Executors.newSingleThreadScheduledExecutor();
    int[] n = {0};
    editor.scheduleAtFixedRate(() -> busySocket.send("{\"type\":\"edit\",\"path\":\"tick\",\"value\":" + n[0]++ + "}"), 0, 3, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (editor != null) editor.shutdownNow();
    for (TestSocket s : new TestSocket[] {quietAlice, quietBob, busySocket}) if (s != null) s.close();
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).as("sessions checked").isPositive();
  }

  // ----------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void maxSessions_refusedSessionLimitReached_closingOneFreesASlot() throws Exception {
    assertThat(activeSessions()).as("quiet and busy").isEqualTo(2);
    Grant third = auth.create("Third", "mia");
    Grant fourth = auth.create("Fourth", "mia");
    assertThat(activeSessions()).isEqualTo(MAX_SESSIONS);

    String noah = auth.login("noah");
    HttpResponse<String> refused = auth.send("POST", "/api/sessions", noah, "{\"name\":\"One too many\"}");
    AuthorizationMatrixIntegrationTest.assertRefused(refused, Expect.of("409 session_limit_reached"));
    assertThat(JSON.readTree(refused.body()).path("detail").asString()).contains("collaboration.server.max_sessions");
    assertThat(activeSessions()).as("nothing was created").isEqualTo(MAX_SESSIONS);
    assertThat(json(auth.send("GET", "/api/sessions?participant=dev:noah", noah, null)).path("total").asLong()).isZero();

    assertThat(auth.send("POST", "/api/sessions/" + third.sessionId() + "/close", third.token(), null).statusCode()).isEqualTo(200);
    HttpResponse<String> created = auth.send("POST", "/api/sessions", noah, "{\"name\":\"Now there is room\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(activeSessions()).isEqualTo(MAX_SESSIONS);

    close(fourth);
    close(new Grant(JSON.readTree(created.body()).path("session").path("id").asString(), "dev:noah", "noah", "facilitator",
        JSON.readTree(created.body()).path("token").asString()));
    assertThat(activeSessions()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void maxParticipants_refusedSessionFull_leavingFreesASlot() throws Exception {
    Grant alice = auth.create("Full house", "alice");
    String id = alice.sessionId();
    try {
      auth.join(id, "bob", "editor");
      Grant carol = auth.join(id, "carol", "viewer");
      List<String> full = participants(alice);
      assertThat(full).hasSize(MAX_PARTICIPANTS);

      String invite = auth.invite(alice, "editor");
      HttpResponse<String> refused = auth.send("POST", "/api/sessions/" + id + "/join", auth.login("dave"), "{\"invite\":\"" + invite + "\"}");
      AuthorizationMatrixIntegrationTest.assertRefused(refused, Expect.of("409 session_full"));
      assertThat(JSON.readTree(refused.body()).path("detail").asString()).contains("max_participants_per_session");
      assertThat(participants(alice)).as("nobody was added").isEqualTo(full);

      // Someone already in needs no new place: a fresh token, same role.
      HttpResponse<String> again = auth.send("POST", "/api/sessions/" + id + "/join", auth.login("bob"), "{}");
      assertThat(JSON.readTree(again.body()).path("role").asString()).as(again.body()).isEqualTo("editor");

      assertThat(auth.send("POST", "/api/sessions/" + id + "/leave", carol.token(), null).statusCode()).isEqualTo(204);
      HttpResponse<String> joined = auth.send("POST", "/api/sessions/" + id + "/join", auth.login("dave"), "{\"invite\":\"" + invite + "\"}");
      assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
      // ...and now carol, who left, cannot come back in: the place is taken.
      AuthorizationMatrixIntegrationTest.assertRefused(
          auth.send("POST", "/api/sessions/" + id + "/join", auth.login("carol"), "{}"), Expect.of("409 session_full"));
      assertThat(participants(alice)).containsExactlyInAnyOrder("dev:alice", "dev:bob", "dev:dave");
    } finally {
      close(alice);
    }
  }

  @Test
  @Order(3)
  void framesPerConnection_excessNackedRateLimitedWithRetryAfter_nothingApplied() throws Exception {
    Grant alice = auth.create("Flood of ops", "alice");
    try (TestSocket a = auth.socket(alice.sessionId(), "alice")) {
      String clientId = a.awaitType("welcome", WAIT).path("clientId").asString();
      int sent = 25;
      for (int seq = 1; seq <= sent; seq++) a.send(op(seq, 0, "k" + seq));

      // Every op has an outcome: sequenced (its own op comes back) or refused (a nack).
      Await.until(WAIT, () -> assertThat(own(a, clientId).size() + ofType(a, "nack").size()).isEqualTo(sent));
      List<JsonNode> applied = own(a, clientId);
      List<JsonNode> nacks = ofType(a, "nack");
      List<JsonNode> limited = nacks.stream().filter(n -> n.path("code").asString().equals("rate_limited")).toList();
      // 25 in one burst: at most two windows of 10 go through, the rest is refused.
      assertThat(applied.size()).isBetween(PER_CONNECTION, 2 * PER_CONNECTION);
      assertThat(limited).hasSizeGreaterThanOrEqualTo(sent - 2 * PER_CONNECTION);
      assertThat(limited).allSatisfy(n -> {
        assertThat(n.path("retryAfter").asLong()).isPositive();
        assertThat(n.path("message").asString()).contains(PER_CONNECTION + " per second");
      });
      // An op let through in a later window after a refused one skips a number: refused as such.
      assertThat(nacks).allSatisfy(n -> assertThat(n.path("code").asString()).isIn("rate_limited", "seq_gap"));
      assertThat(applied).extracting(op -> op.path("seq").asLong())
          .doesNotContainAnyElementsOf(nacks.stream().map(n -> n.path("seq").asLong()).toList());
      Await.until(WAIT, () ->
          assertThat(InvariantCheck.storedVersion(system, alice.sessionId())).as("only what was let through").isEqualTo(applied.size()));

      // After retryAfter the first refused change, sent again with its seq, is applied.
      JsonNode first = limited.get(0);
      Thread.sleep(first.path("retryAfter").asLong());
      long seq = first.path("seq").asLong();
      a.send(op(seq, 0, "k" + seq));
      Await.until(WAIT, () -> assertThat(own(a, clientId)).extracting(op -> op.path("seq").asLong()).contains(seq));
      assertThat(a.isOpen()).isTrue();
    } finally {
      close(alice);
    }
  }

  @Test
  @Order(4)
  void framesPerUser_overAllTheirSockets_excessRefused_nothingApplied() throws Exception {
    Grant bob = auth.create("One user, four sockets", "bob");
    List<TestSocket> sockets = new ArrayList<>();
    try {
      List<String> clientIds = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        TestSocket s = auth.socket(bob.sessionId(), "bob");
        sockets.add(s);
        clientIds.add(s.awaitType("welcome", WAIT).path("clientId").asString());
      }
      // Each socket stays within its own 10 a second; together they send 40, over bob's 15.
      int each = PER_CONNECTION;
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int i = 0; i < sockets.size(); i++) {
        TestSocket s = sockets.get(i);
        int socket = i;
        sends.add(CompletableFuture.runAsync(() -> {
          for (int k = 0; k < each; k++) s.send("{\"type\":\"edit\",\"path\":\"s" + socket + "_" + k + "\",\"value\":" + k + "}");
        }));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
      int total = sockets.size() * each;
      TestSocket watcher = sockets.get(0);
      Await.until(WAIT, () -> {
        long refused = sockets.stream().mapToLong(s -> ofType(s, "error").size()).sum();
        assertThat(ofType(watcher, "op").size() + refused).isEqualTo(total);
      });
      List<JsonNode> errors = sockets.stream().flatMap(s -> ofType(s, "error").stream()).toList();
      int applied = ofType(watcher, "op").size();
      // One window lets 15 through; a burst that spans two at most 30.
      assertThat(applied).isBetween(PER_USER, 2 * PER_USER);
      assertThat(errors).hasSizeGreaterThanOrEqualTo(total - 2 * PER_USER).allSatisfy(e -> {
        assertThat(e.path("code").asString()).isEqualTo("rate_limited");
        assertThat(e.path("message").asString()).contains(PER_USER + " per person");
        assertThat(e.has("retryAfter")).as("an edit is not a numbered change: error frames carry no retryAfter").isFalse();
      });
      assertThat(ofType(watcher, "op")).extracting(op -> op.path("src").asString()).isSubsetOf(clientIds);
      // The read model is written after the commit (ADR 2): it catches up with what was applied.
      Await.until(WAIT, () -> assertThat(InvariantCheck.storedVersion(system, bob.sessionId())).isEqualTo(applied));
      // No socket was closed for it, and each is served again once the window has passed.
      Thread.sleep(1100);
      for (int i = 0; i < sockets.size(); i++) {
        TestSocket s = sockets.get(i);
        String clientId = clientIds.get(i);
        int before = own(s, clientId).size();
        assertThat(s.isOpen()).isTrue();
        s.send("{\"type\":\"edit\",\"path\":\"again" + i + "\",\"value\":true}");
        Await.until(WAIT, () -> assertThat(own(s, clientId)).hasSize(before + 1));
      }
    } finally {
      sockets.forEach(TestSocket::close);
      close(bob);
    }
  }

  @Test
  @Order(5)
  void maxFrameBytes_atTheLimitServed_oneByteMoreClosed1009() throws Exception {
    Grant alice = auth.create("Frame sizes", "alice");
    try {
      String head = "{\"type\":\"edit\",\"path\":\"big\",\"value\":\"";
      String tail = "\"}";
      String atLimit = head + "x".repeat(MAX_FRAME - head.length() - tail.length()) + tail;
      assertThat(atLimit.length()).isEqualTo(MAX_FRAME);
      try (TestSocket a = auth.socket(alice.sessionId(), "alice")) {
        a.awaitType("welcome", WAIT);
        a.send(atLimit);
        assertThat(a.awaitType("op", WAIT).path("v").asLong()).isZero();
        a.send(head + "y".repeat(MAX_FRAME + 1 - head.length() - tail.length()) + tail);
        TestSocket.CloseStatus closed = a.awaitClose(WAIT);
        assertThat(closed.code()).isEqualTo(1009);
      }
      try (TestSocket late = auth.socket(alice.sessionId(), "alice")) {
        JsonNode welcome = late.awaitType("welcome", WAIT);
        assertThat(welcome.path("version").asLong()).as("the oversized frame changed nothing").isEqualTo(1);
        assertThat(welcome.path("snapshot").path("big").asString()).startsWith("x");
      }
    } finally {
      close(alice);
    }
  }

  @Test
  @Order(6)
  void maxDocumentBytes_growingChangeNackedDocumentTooLarge() throws Exception {
    Grant alice = auth.create("Document size", "alice");
    try (TestSocket a = auth.socket(alice.sessionId(), "alice");
        TestSocket b = auth.socket(alice.sessionId(), "bob")) {
      a.awaitType("welcome", WAIT);
      b.awaitType("welcome", WAIT);
      a.send("{\"type\":\"edit\",\"path\":\"first\",\"value\":\"" + "a".repeat(1400) + "\"}");
      assertThat(a.awaitType("op", WAIT).path("v").asLong()).isZero();
      // Another 1400 characters would make the document about 2,830 bytes.
      a.send("{\"type\":\"edit\",\"path\":\"second\",\"value\":\"" + "b".repeat(1400) + "\"}");
      JsonNode nack = a.awaitType("nack", WAIT);
      assertThat(nack.path("code").asString()).isEqualTo("document_too_large");
      assertThat(nack.path("seq").asLong()).isEqualTo(2);
      assertThat(nack.has("retryAfter")).isFalse();
      assertThat(nack.path("message").asString()).contains(Integer.toString(MAX_DOCUMENT));
      // A change that makes it smaller is fine; the refused one is not in the document.
      b.send("{\"type\":\"edit\",\"path\":\"first\",\"value\":\"short\"}");
      JsonNode op = b.awaitTypes("op", 2, WAIT).get(1); // after alice's first
      assertThat(op.path("v").asLong()).as("nothing was sequenced in between").isEqualTo(1);
      assertThat(op.path("op").toString()).contains("short");
      assertThat(a.awaitType("op", WAIT).path("v").asLong()).as("alice's next op is bob's, v1: nothing in between").isEqualTo(1);
      try (TestSocket late = auth.socket(alice.sessionId(), "carol")) {
        JsonNode snapshot = late.awaitType("welcome", WAIT).path("snapshot");
        assertThat(snapshot.path("first").asString()).isEqualTo("short");
        assertThat(snapshot.has("second")).isFalse();
      }
    } finally {
      close(alice);
    }
  }

  /**
   * Runs last: {@code quiet} had no activity since its second participant joined (sockets that are
   * merely open do not count), so once the idle timeout has passed the sweep closes it, its sockets
   * get {@code session_closed} (reason {@code timeout}) and then close 4410, and the audit log
   * records {@code session.closed}. {@code busy}, as old but edited every three seconds, stays open.
   */
  @Test
  @Order(99)
  void idleSession_closedForTimeout_socketsTold_audited_busyOneKeptOpen() throws Exception {
    Duration patience = IDLE_TIMEOUT.plusSeconds(30);
    for (TestSocket s : List.of(quietAlice, quietBob)) {
      JsonNode closed = s.awaitType("session_closed", patience);
      assertThat(closed.path("reason").asString()).isEqualTo("timeout");
      assertThat(closed.path("ts").asLong()).as("not before the idle timeout").isGreaterThanOrEqualTo(quietActiveFrom + IDLE_TIMEOUT.toMillis());
      assertThat(closed.path("message").asString()).isEqualTo("The session was closed after 20 seconds without activity.");
      TestSocket.CloseStatus status = s.awaitClose(WAIT);
      assertThat(status.code()).isEqualTo(4410);
      assertThat(status.reason()).startsWith("session_closed");
    }
    JsonNode session = json(auth.send("GET", "/api/sessions/" + quiet.sessionId(), quiet.token(), null));
    assertThat(session.path("status").asString()).isEqualTo("closed");
    assertThat(session.path("close_reason").asString()).isEqualTo("timeout");
    AuthorizationMatrixIntegrationTest.assertRefused(
        auth.send("POST", "/api/sessions/" + quiet.sessionId() + "/join", auth.login("late"), "{\"invite\":\"" + "x" + "\"}"),
        Expect.of("410 session_closed"));

    JsonNode event = auditEvent(quiet.sessionId(), "org.personacollab.session.closed");
    assertThat(event.path("subject").asString()).isEqualTo(quiet.sessionId());
    assertThat(event.path("data").path("reason").asString()).isEqualTo("timeout");
    assertThat(event.path("data").path("actor").asString()).as("no user closed it").isEqualTo("agent:session-service");

    // The busy session is as old, but it was used: still open, still editable.
    JsonNode stillOpen = json(auth.send("GET", "/api/sessions/" + busy.sessionId(), busy.token(), null));
    assertThat(stillOpen.path("status").asString()).isEqualTo("active");
    assertThat(busySocket.isOpen()).isTrue();
    assertThat(busySocket.received()).noneMatch(f -> f.path("type").asString().equals("session_closed"));
  }

  // ----------------------------------------------------------------------------------------

  /** The first {@code type} event of the session in {@code persona.audit}, read committed. */
  private static JsonNode auditEvent(String sessionId, String type) throws Exception {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "limits-test-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(system.prefix + ".audit"));
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (!sessionId.equals(record.key())) continue;
          JsonNode event = JSON.readTree(record.value());
          seen.add(event.path("type").asString());
          if (event.path("type").asString().equals(type)) return event;
        }
      }
      throw new AssertionError("no " + type + " event of " + sessionId + " in " + system.prefix + ".audit; saw " + seen);
    }
  }

  private static String op(long seq, long v, String key) {
    return "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + v + ",\"op\":[{\"p\":[\"" + key + "\"],\"oi\":" + seq + "}]}";
  }

  private static List<JsonNode> ofType(TestSocket socket, String type) {
    return socket.received().stream().filter(f -> f.path("type").asString().equals(type)).toList();
  }

  private static List<JsonNode> own(TestSocket socket, String clientId) {
    return ofType(socket, "op").stream().filter(op -> op.path("src").asString().equals(clientId)).toList();
  }

  private static long activeSessions() throws Exception {
    return json(auth.send("GET", "/api/sessions?limit=1", auth.login("counter"), null)).path("total").asLong();
  }

  private static List<String> participants(Grant grant) throws Exception {
    List<String> ids = new ArrayList<>();
    json(auth.send("GET", "/api/sessions/" + grant.sessionId() + "/participants", grant.token(), null))
        .forEach(p -> ids.add(p.path("user_id").asString()));
    return ids;
  }

  private static void close(Grant facilitator) throws Exception {
    HttpResponse<String> closed = auth.send("POST", "/api/sessions/" + facilitator.sessionId() + "/close", facilitator.token(), null);
    assertThat(closed.statusCode()).as(closed.body()).isIn(200, 410);
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("%s %s", response.request().uri(), response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
