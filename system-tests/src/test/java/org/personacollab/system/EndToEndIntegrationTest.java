package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton, end to end: REST through the gateway, welcome, edits from two clients in
 * one total order, generation streaming, and bad input, against the four services running as
 * processes with real Kafka and Redis.
 */
@WithInfra
class EndToEndIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RunningSystem system;
  private static Auth auth;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    system =
        RunningSystem.start(
            Map.of(
                "persona.gateway.max-frame-bytes", "4096",
                "persona.gateway.heartbeat-interval", "1s",
                "persona.gateway.idle-timeout", "3s",
                "persona.gateway.frames-per-second", "40"));
    auth = new Auth(system);
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).as("sessions checked").isPositive();
  }

  // --- REST -------------------------------------------------------------------------------

  @Test
  void rest_createListGet_andUnknownIs404Problem() throws Exception {
    assertThat(auth.send("POST", "/api/sessions", null, "{\"name\": \"No token\"}").statusCode()).isEqualTo(401);
    String user = auth.login("alice");
    HttpResponse<String> created = auth.send("POST", "/api/sessions", user, "{\"name\": \"Workshop 2025-01-15\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode grant = JSON.readTree(created.body());
    JsonNode session = grant.path("session");
    assertThat(session.path("name").asString()).isEqualTo("Workshop 2025-01-15");
    assertThat(session.path("id").asString()).matches("[a-z0-9]{10}");
    assertThat(session.path("created_at").asString()).isNotBlank();
    assertThat(grant.path("role").asString()).isEqualTo("facilitator");
    String id = session.path("id").asString();
    String sessionToken = grant.path("token").asString();

    HttpResponse<String> one = auth.send("GET", "/api/sessions/" + id, sessionToken, null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).path("id").asString()).isEqualTo(id);

    HttpResponse<String> list = auth.send("GET", "/api/sessions", user, null);
    assertThat(list.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JSON.readTree(list.body()).path("sessions").forEach(s -> ids.add(s.path("id").asString()));
    assertThat(ids).contains(id);

    HttpResponse<String> missing = auth.send("POST", "/api/sessions/nosuchsession/join", user, "{}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(JSON.readTree(missing.body()).path("code").asString()).isEqualTo("session_not_found");
  }

  // --- Edits --------------------------------------------------------------------------------

  @Test
  void edits_fromTwoClients_arriveAtBothInOneOrder_andOtherSessionsSeeNothing() throws Exception {
    String session = createSession("Edits");
    String other = createSession("Other");
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob");
        TestSocket outsider = auth.socket(other, "carol")) {
      JsonNode welcomeA = a.next(WAIT);
      JsonNode welcomeB = b.next(WAIT);
      assertThat(welcomeA.path("type").asString()).isEqualTo("welcome");
      assertThat(welcomeB.path("type").asString()).isEqualTo("welcome");
      assertThat(welcomeA.path("version").asLong()).isZero();
      assertThat(welcomeA.path("snapshot").isObject()).isTrue();
      assertThat(outsider.next(WAIT).path("type").asString()).isEqualTo("welcome");
      String clientA = welcomeA.path("clientId").asString();
      String clientB = welcomeB.path("clientId").asString();
      assertThat(clientA).isNotEqualTo(clientB);

      int perClient = 25;
      CompletableFuture<Void> sendA = CompletableFuture.runAsync(() -> {
        a.send("{\"type\":\"edit\",\"path\":\"demographics.age\",\"value\":34}");
        for (int i = 1; i < perClient; i++) a.send("{\"type\":\"edit\",\"path\":[\"goals\"," + (i - 1) + "],\"value\":\"a" + i + "\"}");
      });
      CompletableFuture<Void> sendB = CompletableFuture.runAsync(() -> {
        b.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
        for (int i = 1; i < perClient; i++) b.send("{\"type\":\"edit\",\"path\":\"notes.b" + i + "\",\"value\":" + i + "}");
      });
      CompletableFuture.allOf(sendA, sendB).get();

      // "goals" never exists here: A's list edits (array paths with an index) into a missing
      // field are refused (a typed nack, to A only); everything else is sequenced.
      List<JsonNode> opsA = new ArrayList<>();
      List<JsonNode> opsB = new ArrayList<>();
      int expectedOps = 1 + perClient; // A's first edit + all of B's
      opsA.addAll(a.awaitTypes("op", expectedOps, WAIT));
      opsB.addAll(b.awaitTypes("op", expectedOps, WAIT));
      List<JsonNode> nacksA = a.awaitTypes("nack", perClient - 1, WAIT);

      assertThat(signatures(opsA)).isEqualTo(signatures(opsB));
      for (int i = 0; i < opsA.size(); i++) assertThat(opsA.get(i).path("v").asLong()).isEqualTo(i);
      // The sender's ack: its own op comes back with its client id and seq 1.
      assertThat(opsA).anySatisfy(op -> {
        assertThat(op.path("src").asString()).isEqualTo(clientA);
        assertThat(op.path("seq").asLong()).isEqualTo(1);
        assertThat(op.path("user_id").asString()).isEqualTo("dev:alice");
        assertThat(op.path("op").get(0).path("p").toString()).isEqualTo("[\"demographics\"]");
      });
      // Per client, ops keep the order the client sent them in.
      assertThat(opsA.stream().filter(op -> op.path("src").asString().equals(clientB)).map(op -> op.path("seq").asLong()).toList())
          .isSorted().hasSize(perClient);
      assertThat(nacksA).allSatisfy(n -> assertThat(n.path("code").asString()).isEqualTo("invalid_op"));
      assertThat(b.received()).noneMatch(f -> f.path("type").asString().equals("nack"));

      // Both end with the same document, which a fresh joiner gets in its welcome.
      try (TestSocket late = auth.socket(session, "dave")) {
        JsonNode welcome = late.next(WAIT);
        assertThat(welcome.path("version").asLong()).isEqualTo(expectedOps);
        JsonNode doc = welcome.path("snapshot");
        assertThat(doc.path("demographics").path("age").asInt()).isEqualTo(34);
        assertThat(doc.path("name").asString()).isEqualTo("Sarah");
        assertThat(doc.path("notes").size()).isEqualTo(perClient - 1);
        assertThat(doc.has("goals")).isFalse();
      }
      // The other session's socket saw only its own welcome and its own arrival, nothing of this one.
      Thread.sleep(300);
      assertThat(outsider.received())
          .extracting(f -> f.path("type").asString() + ":" + f.path("user_id").asString(""))
          .containsExactly("welcome:", "user_joined:dev:carol");
    }
  }

  @Test
  void json0Ops_concurrentTypingInOneField_transformedAndBothKept() throws Exception {
    String session = createSession("Typing");
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob")) {
      a.awaitType("welcome", WAIT);
      b.awaitType("welcome", WAIT);
      a.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
      a.awaitType("op", WAIT);
      b.awaitType("op", WAIT);

      // Both type into "Sarah" at version 1, without seeing each other's change.
      a.send("{\"type\":\"op\",\"seq\":2,\"v\":1,\"op\":[{\"p\":[\"name\",5],\"si\":\" Lee\"}]}");
      b.send("{\"type\":\"op\",\"seq\":1,\"v\":1,\"op\":[{\"p\":[\"name\",0],\"si\":\"Dr \"}]}");
      List<JsonNode> opsA = a.awaitTypes("op", 2, WAIT);
      List<JsonNode> opsB = b.awaitTypes("op", 2, WAIT);
      assertThat(opsA).isEqualTo(opsB);
      assertThat(opsA).extracting(op -> op.path("v").asLong()).containsExactly(1L, 2L);

      // A forged src is refused, to the sender only.
      a.send("{\"type\":\"op\",\"src\":\"someone-else\",\"seq\":3,\"v\":3,\"op\":[]}");
      assertThat(a.awaitType("nack", WAIT).path("code").asString()).isEqualTo("forbidden");
      // An op from a version the server has not reached is refused.
      a.send("{\"type\":\"op\",\"seq\":3,\"v\":99,\"op\":[]}"); // the forged one never reached the sequencer: 3 is next
      assertThat(a.awaitType("nack", WAIT).path("code").asString()).isEqualTo("invalid_version");

      try (TestSocket late = auth.socket(session, "carol")) {
        JsonNode welcome = late.next(WAIT);
        assertThat(welcome.path("version").asLong()).isEqualTo(3);
        assertThat(welcome.path("snapshot").path("name").asString()).isEqualTo("Dr Sarah Lee");
      }
    }
  }

  // --- Resume, ops API, limits ------------------------------------------------------------

  @Test
  void resume_afterReconnect_replaysWhatWasMissed_andAResentChangeIsAckedNotApplied() throws Exception {
    String session = createSession("Resume");
    String clientA;
    try (TestSocket a = auth.socket(session, "alice")) {
      clientA = a.awaitType("welcome", WAIT).path("clientId").asString();
      a.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
      assertThat(a.awaitType("op", WAIT).path("v").asLong()).isZero();
    }
    try (TestSocket b = auth.socket(session, "bob")) {
      b.awaitType("welcome", WAIT);
      for (int i = 1; i <= 3; i++) b.send("{\"type\":\"edit\",\"path\":\"n" + i + "\",\"value\":" + i + "}");
      b.awaitTypes("op", 3, WAIT);
    }
    try (TestSocket a = auth.socket(session, "alice")) {
      JsonNode fresh = a.awaitType("welcome", WAIT);
      assertThat(fresh.path("clientId").asString()).isNotEqualTo(clientA);
      a.send("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + clientA + "\",\"version\":1,\"seq\":1}");

      JsonNode resumed = a.awaitType("welcome", WAIT);
      assertThat(resumed.path("resumed").asBoolean()).isTrue();
      assertThat(resumed.path("clientId").asString()).isEqualTo(clientA);
      assertThat(resumed.path("version").asLong()).isEqualTo(1);
      assertThat(resumed.has("snapshot")).isFalse();
      assertThat(a.awaitTypes("op", 3, WAIT)).extracting(op -> op.path("v").asLong()).containsExactly(1L, 2L, 3L);

      // Change 1 sent again (as a client whose ack was lost would): acknowledged, not applied.
      a.send("{\"type\":\"op\",\"seq\":1,\"v\":4,\"op\":[{\"p\":[\"name\"],\"od\":\"Sarah\",\"oi\":\"Twice\"}]}");
      JsonNode ack = a.awaitType("ack", WAIT);
      assertThat(ack.path("seq").asLong()).isEqualTo(1);
      assertThat(ack.path("v").asLong()).isZero();
      // The next edit continues the client's numbering.
      a.send("{\"type\":\"edit\",\"path\":\"n4\",\"value\":4}");
      JsonNode op = a.awaitType("op", WAIT);
      assertThat(op.path("v").asLong()).isEqualTo(4);
      assertThat(op.path("src").asString()).isEqualTo(clientA);
      assertThat(op.path("seq").asLong()).isEqualTo(2);
    }
    // A forged client id cannot be resumed: a fresh welcome with the snapshot, and its own id.
    try (TestSocket c = auth.socket(session, "mallory")) {
      String own = c.awaitType("welcome", WAIT).path("clientId").asString();
      String forged = clientA.substring(0, clientA.indexOf('.')) + ".0000000000000000";
      c.send("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + forged + "\",\"version\":0}");
      JsonNode refused = c.awaitType("welcome", WAIT);
      assertThat(refused.path("resumed").asBoolean()).isFalse();
      assertThat(refused.path("clientId").asString()).isEqualTo(own);
      assertThat(refused.path("version").asLong()).isEqualTo(5);
      assertThat(refused.path("snapshot").path("name").asString()).isEqualTo("Sarah");
    }
  }

  @Test
  void opsApi_pagesThroughTheLog() throws Exception {
    String session = createSession("Ops API");
    try (TestSocket a = auth.socket(session, "alice")) {
      a.awaitType("welcome", WAIT);
      for (int i = 0; i < 5; i++) a.send("{\"type\":\"edit\",\"path\":\"k" + i + "\",\"value\":" + i + "}");
      a.awaitTypes("op", 5, WAIT);
    }
    JsonNode first = JSON.readTree(auth.send("GET", "/api/sessions/" + session + "/ops?from=1&limit=2", auth.of(session, "alice").token(), null).body());
    assertThat(first.path("ops")).extracting(op -> op.path("v").asLong()).containsExactly(1L, 2L);
    assertThat(first.path("ops").get(0).path("type").asString()).isEqualTo("op");
    assertThat(first.path("next").asLong()).isEqualTo(3);
    assertThat(first.path("version").asLong()).isEqualTo(5);
    JsonNode rest = JSON.readTree(auth.send("GET", "/api/sessions/" + session + "/ops?from=3", auth.of(session, "alice").token(), null).body());
    assertThat(rest.path("ops")).extracting(op -> op.path("v").asLong()).containsExactly(3L, 4L);
    assertThat(rest.path("next").isNull()).isTrue();
    HttpResponse<String> bad = auth.send("GET", "/api/sessions/" + session + "/ops?limit=5000", auth.of(session, "alice").token(), null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("code").asString()).isEqualTo("validation_failed");
  }

  @Test
  void historyApi_throughTheGateway_listsShowsRestores_viewerRefused_spoofedIdentityIgnored() throws Exception {
    String session = createSession("History API");
    Auth.Grant bob = auth.join(session, "bob", "editor");
    Auth.Grant victor = auth.join(session, "victor", "viewer");
    try (TestSocket a = auth.socket(session, "alice")) {
      a.awaitType("welcome", WAIT);
      a.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
      a.send("{\"type\":\"edit\",\"path\":\"title\",\"value\":\"Lead\"}");
      a.awaitTypes("op", 2, WAIT);
    }
    // The read model is written after the commit (ADR 2): wait for version 2.
    JsonNode history = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      history = JSON.readTree(auth.send("GET", "/api/sessions/" + session + "/history", victor.token(), null).body());
      if (history.path("version").asLong() >= 2) break;
      Thread.sleep(50);
    }
    assertThat(history.path("versions")).extracting(e -> e.path("version").asLong() + " " + e.path("user_id").asString() + " " + e.path("summary").asString())
        .containsExactly("2 dev:alice set title", "1 dev:alice set name");
    JsonNode v1 = JSON.readTree(auth.send("GET", "/api/sessions/" + session + "/versions/1", victor.token(), null).body());
    assertThat(v1.path("document").toString()).isEqualTo("{\"name\":\"Sarah\"}");

    HttpResponse<String> refused = auth.send("POST", "/api/sessions/" + session + "/restore", victor.token(), "{\"version\":1}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("forbidden");
    // A viewer who claims to be an editor, as someone else, in the headers sync-service trusts.
    HttpResponse<String> spoofed = http.send(
        java.net.http.HttpRequest.newBuilder(URI.create(system.http() + "/api/sessions/" + session + "/restore"))
            .header("Authorization", "Bearer " + victor.token())
            .header("Content-Type", "application/json")
            .header("X-Persona-Role", "facilitator")
            .header("X-Persona-User-Id", "dev:alice")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"version\":1}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(spoofed.statusCode()).as(spoofed.body()).isEqualTo(403);
    HttpResponse<String> noToken = auth.send("POST", "/api/sessions/" + session + "/restore", null, "{\"version\":1}");
    assertThat(noToken.statusCode()).isEqualTo(401);

    HttpResponse<String> restored = auth.send("POST", "/api/sessions/" + session + "/restore", bob.token(), "{\"version\":1}");
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    assertThat(JSON.readTree(restored.body()).path("version").asLong()).isEqualTo(3);
    JsonNode v3 = null;
    deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = auth.send("GET", "/api/sessions/" + session + "/versions/3", bob.token(), null);
      if (r.statusCode() == 200) {
        v3 = JSON.readTree(r.body());
        break;
      }
      Thread.sleep(50);
    }
    assertThat(v3).as("version 3 readable").isNotNull();
    assertThat(v3.path("document").toString()).isEqualTo("{\"name\":\"Sarah\"}");
    JsonNode top = JSON.readTree(auth.send("GET", "/api/sessions/" + session + "/history?limit=1", bob.token(), null).body()).path("versions").get(0);
    assertThat(top.path("summary").asString()).isEqualTo("restored version 1");
    assertThat(top.path("user_id").asString()).isEqualTo("dev:bob");
  }

  @Test
  void flood_refusedRateLimited_thenServedAgain() throws Exception {
    String session = createSession("Flood");
    try (TestSocket a = auth.socket(session, "alice")) {
      a.awaitType("welcome", WAIT);
      for (int i = 0; i < 120; i++) a.send("{\"type\":\"hello\",\"protocol\":1}");
      JsonNode limited = a.awaitType("error", WAIT);
      assertThat(limited.path("code").asString()).isEqualTo("rate_limited");
      assertThat(limited.path("message").asString()).contains("40 per second");
      Thread.sleep(1500);
      a.send("{\"type\":\"edit\",\"path\":\"after\",\"value\":true}");
      assertThat(a.awaitType("op", WAIT).path("op").get(0).path("oi").asBoolean()).isTrue();
      assertThat(a.isOpen()).isTrue();
    }
  }

  @Test
  void silentClient_closedAsIdle() throws Exception {
    String session = createSession("Idle");
    try (RawSocket raw = new RawSocket("localhost", system.gatewayPort, "/ws/sessions/" + session, auth.of(session, "raw").token())) {
      long started = System.nanoTime();
      assertThat(raw.awaitCloseCode(Duration.ofSeconds(15))).isEqualTo(4000);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
    // A client that answers pings (the JDK's does) stays connected past the idle timeout.
    try (TestSocket a = auth.socket(session, "alice")) {
      a.awaitType("welcome", WAIT);
      Thread.sleep(4500);
      assertThat(a.isOpen()).isTrue();
    }
  }

  // --- Generation ---------------------------------------------------------------------------

  @Test
  void generate_streamsSameChunksToBoth_thenPersonaEntersDocument() throws Exception {
    String session = createSession("Generation");
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob")) {
      a.awaitType("welcome", WAIT);
      b.awaitType("welcome", WAIT);

      a.send("{\"type\":\"generate\",\"count\":1}");

      JsonNode startedA = a.awaitType("generation_started", WAIT);
      JsonNode startedB = b.awaitType("generation_started", WAIT);
      String generationId = startedA.path("generation_id").asString();
      assertThat(startedB.path("generation_id").asString()).isEqualTo(generationId);
      assertThat(startedA.path("user_id").asString()).isEqualTo("dev:alice");

      JsonNode completeA = a.awaitType("generation_complete", Duration.ofSeconds(60));
      JsonNode completeB = b.awaitType("generation_complete", Duration.ofSeconds(60));
      long chunks = completeA.path("chunks").asLong();
      assertThat(chunks).isPositive();
      List<JsonNode> chunksA = ofType(a, "generation_chunk");
      List<JsonNode> chunksB = ofType(b, "generation_chunk");
      assertThat(chunksA).hasSize((int) chunks);
      assertThat(chunksB).hasSize((int) chunks);
      for (int i = 0; i < chunks; i++) {
        assertThat(chunksA.get(i).path("index").asLong()).isEqualTo(i);
        assertThat(chunksA.get(i).path("generation_id").asString()).isEqualTo(generationId);
        assertThat(chunksB.get(i).path("content").asString()).isEqualTo(chunksA.get(i).path("content").asString());
      }
      // The streamed text is the persona.
      StringBuilder text = new StringBuilder();
      chunksA.forEach(c -> text.append(c.path("content").asString()));
      JsonNode persona = completeA.path("persona");
      assertThat(JSON.readTree(text.toString())).isEqualTo(persona);
      assertThat(completeB.path("persona")).isEqualTo(persona);
      assertThat(persona.path("metadata").path("provider").asString()).isEqualTo("offline");
      assertThat(persona.path("quotes").size()).isPositive();

      // ...and then it is an ordinary sequenced op of the session, authored by alice.
      JsonNode opA = a.awaitType("op", WAIT);
      JsonNode opB = b.awaitType("op", WAIT);
      assertThat(opA).isEqualTo(opB);
      assertThat(opA.path("src").asString()).startsWith("agent:generation:");
      assertThat(opA.path("user_id").asString()).isEqualTo("dev:alice");
      assertThat(opA.path("op").get(0).path("oi")).isEqualTo(persona);

      // The audit log has the generation: started, its op, completed; alice is the actor.
      Await.until(WAIT, () -> assertThat(InvariantCheck.auditOf(system, session))
          .extracting(e -> e.path("type").asString())
          .containsSubsequence("org.personacollab.generation.started", "org.personacollab.op.sequenced",
              "org.personacollab.generation.completed"));
      JsonNode startedEvent = InvariantCheck.auditOf(system, session).stream()
          .filter(e -> e.path("type").asString().equals("org.personacollab.generation.started")).findFirst().orElseThrow();
      assertThat(startedEvent.path("data").path("generation_id").asString()).isEqualTo(generationId);
      assertThat(startedEvent.path("data").path("provider").asString()).isEqualTo("offline");
      assertThat(startedEvent.path("data").path("actor").asString()).isEqualTo("dev:alice");
      assertThat(startedEvent.path("data").path("src").asString()).isEqualTo("agent:generation-service");

      // A second generation while none runs is accepted again; while one runs, refused.
      a.send("{\"type\":\"generate\"}");
      a.send("{\"type\":\"generate\"}");
      JsonNode refused = a.awaitType("error", WAIT);
      assertThat(refused.path("code").asString()).isEqualTo("generation_in_progress");
    }
  }

  // --- Bad input ----------------------------------------------------------------------------

  @Test
  void badFrames_typedErrors_socketStaysOpen() throws Exception {
    String session = createSession("Bad input");
    try (TestSocket a = auth.socket(session, "alice")) {
      a.awaitType("welcome", WAIT);
      String[][] cases = {
        {"this is not json", "invalid_json"},
        {"[1,2,3]", "invalid_frame"},
        {"{\"value\":1}", "unknown_type"},
        {"{\"type\":\"dance\"}", "unknown_type"},
        {"{\"type\":\"edit\",\"path\":5,\"value\":1}", "invalid_frame"},
        {"{\"type\":\"edit\",\"path\":\"name\"}", "invalid_frame"},
        {"{\"type\":\"generate\",\"count\":\"two\"}", "invalid_frame"},
        {"{\"type\":\"hello\",\"protocol\":99}", "unsupported_protocol"},
      };
      for (String[] c : cases) {
        a.send(c[0]);
        JsonNode error = a.awaitType("error", WAIT);
        assertThat(error.path("code").asString()).as(c[0]).isEqualTo(c[1]);
        assertThat(error.path("message").asString()).as(c[0]).isNotBlank();
      }
      a.send("{\"type\":\"ping\"}");
      assertThat(a.awaitType("pong", WAIT).path("type").asString()).isEqualTo("pong");
      assertThat(a.isOpen()).isTrue();
      // Nothing was sequenced by any of it.
      assertThat(a.received()).noneMatch(f -> f.path("type").asString().equals("op"));
    }
  }

  @Test
  void oversizedFrame_closes1009() throws Exception {
    String session = createSession("Big frames");
    try (TestSocket a = auth.socket(session, "alice")) {
      a.awaitType("welcome", WAIT);
      a.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"" + "x".repeat(5000) + "\"}");
      assertThat(a.awaitClose(WAIT).code()).isEqualTo(1009);
    }
  }

  @Test
  void handshake_withoutTokenOrForAnotherSession_refused() throws Exception {
    String session = createSession("Guarded");
    String other = createSession("Elsewhere");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestSocket.connect(URI.create(system.ws(session)), WAIT))
        .isInstanceOfSatisfying(TestSocket.HandshakeRejected.class, e -> assertThat(e.statusCode()).isEqualTo(401));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestSocket.connect(URI.create(system.ws(session)), WAIT, auth.of(other, "alice").header()))
        .isInstanceOfSatisfying(TestSocket.HandshakeRejected.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestSocket.connect(URI.create(system.ws(session)), WAIT,
                Map.of("Authorization", "Bearer " + auth.of(session, "alice").token(), "Origin", "https://evil.example")))
        .isInstanceOfSatisfying(TestSocket.HandshakeRejected.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    // A browser offers its token as a subprotocol; the server answers with persona.v1.
    try (TestSocket a = TestSocket.connect(URI.create(system.ws(session)), WAIT, Map.of(),
        List.of("persona.v1", "bearer." + auth.of(session, "alice").token()))) {
      assertThat(a.subprotocol()).isEqualTo("persona.v1");
      assertThat(a.awaitType("welcome", WAIT).path("role").asString()).isEqualTo("facilitator");
    }
    // The negotiated subprotocol is per socket: a client that offers none is still served after.
    try (TestSocket b = TestSocket.connect(URI.create(system.ws(session)), WAIT, auth.of(session, "alice").header())) {
      assertThat(b.subprotocol()).isEmpty();
      assertThat(b.awaitType("welcome", WAIT).path("role").asString()).isEqualTo("facilitator");
    }
  }

  @Test
  void viewer_cannotChangeAnything_forbidden() throws Exception {
    String session = createSession("Viewers");
    auth.join(session, "victor", "viewer");
    try (TestSocket v = auth.socket(session, "victor")) {
      assertThat(v.awaitType("welcome", WAIT).path("role").asString()).isEqualTo("viewer");
      v.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"X\"}");
      assertThat(v.awaitType("error", WAIT).path("code").asString()).isEqualTo("forbidden");
      v.send("{\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[{\"p\":[\"name\"],\"oi\":\"X\"}]}");
      assertThat(v.awaitType("nack", WAIT).path("code").asString()).isEqualTo("forbidden");
      v.send("{\"type\":\"generate\"}");
      assertThat(v.awaitType("error", WAIT).path("code").asString()).isEqualTo("forbidden");
      assertThat(v.received()).noneMatch(f -> f.path("type").asString().equals("op"));
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private static List<String> signatures(List<JsonNode> ops) {
    return ops.stream().map(op -> op.path("v").asLong() + "/" + op.path("src").asString() + "/" + op.path("seq").asLong()).toList();
  }

  private static List<JsonNode> ofType(TestSocket socket, String type) {
    return socket.received().stream().filter(f -> f.path("type").asString().equals(type)).toList();
  }

  /** A new session whose facilitator is alice. */
  static String createSession(String name) throws Exception {
    return auth.create(name, "alice").sessionId();
  }
}
