package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generation streaming guarantees on the real system (four services as processes, real Kafka and
 * Redis): every client gets the same chunk sequence and the same persona, a client that joins
 * halfway ends with the same text, and a cancel stops the stream for everybody and frees the
 * session for the next generation. Chunks are paced at 60 ms so that there is a "halfway".
 */
@WithInfra
class GenerationStreamingIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RunningSystem system;
  private static Auth auth;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.start(Map.of("persona.generation.chunk-delay", "60ms", "collaboration.streaming.chunk_size", "40"));
    auth = new Auth(system);
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).as("sessions checked").isPositive();
  }

  @Test
  void twoClientsAndALateJoiner_sameChunks_sameText_sameDocument() throws Exception {
    String session = auth.create("Streaming", "alice").sessionId();
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob")) {
      a.awaitType("welcome", WAIT);
      b.awaitType("welcome", WAIT);

      a.send("{\"type\":\"generate\"}");
      String generationId = a.awaitType("generation_started", WAIT).path("generation_id").asString();
      a.awaitTypes("generation_chunk", 5, WAIT);

      try (TestSocket c = auth.socket(session, "carol")) {
        c.awaitType("welcome", WAIT);
        int chunksWhenCarolCame = ofType(a, "generation_chunk").size();

        JsonNode completeA = a.awaitType("generation_complete", Duration.ofSeconds(60));
        b.awaitType("generation_complete", Duration.ofSeconds(60));
        c.awaitType("generation_complete", Duration.ofSeconds(60));
        long chunks = completeA.path("chunks").asLong();
        assertThat(chunks).as("carol came halfway").isGreaterThan(chunksWhenCarolCame);

        List<JsonNode> chunksA = ofType(a, "generation_chunk");
        assertThat(chunksA).hasSize((int) chunks);
        for (int i = 0; i < chunks; i++) {
          assertThat(chunksA.get(i).path("index").asLong()).isEqualTo(i);
          assertThat(chunksA.get(i).path("generation_id").asString()).isEqualTo(generationId);
          assertThat(chunksA.get(i).path("content").asString().length()).isLessThanOrEqualTo(40);
        }
        assertThat(ofType(b, "generation_chunk")).as("bob's chunks").isEqualTo(chunksA);
        assertThat(ofType(c, "generation_chunk")).as("carol's chunks, the early ones replayed").isEqualTo(chunksA);
        // carol's first generation frame is the start, right after her welcome
        List<String> carolsTypes = c.received().stream().map(f -> f.path("type").asString())
            .filter(t -> t.startsWith("generation_") || t.equals("welcome")).toList();
        assertThat(carolsTypes.subList(0, 2)).containsExactly("welcome", "generation_started");

        JsonNode persona = completeA.path("persona");
        for (TestSocket s : List.of(a, b, c)) {
          assertThat(JSON.readTree(text(s))).isEqualTo(persona);
          assertThat(ofType(s, "generation_complete")).singleElement().satisfies(f -> assertThat(f.path("persona")).isEqualTo(persona));
        }
        // The same final document: the persona enters as one sequenced op, seen by all three.
        JsonNode opA = awaitGeneratedOp(a);
        assertThat(awaitGeneratedOp(b)).isEqualTo(opA);
        assertThat(awaitGeneratedOp(c)).isEqualTo(opA);
        assertThat(opA.path("op").get(0).path("oi")).isEqualTo(persona);
      }
    }
  }

  @Test
  void cancel_stopsTheStreamForBoth_thenANewGenerationRuns() throws Exception {
    Auth.Grant alice = auth.create("Cancelling", "alice");
    String session = alice.sessionId();
    try (TestSocket a = auth.socket(session, "alice");
        TestSocket b = auth.socket(session, "bob")) {
      a.awaitType("welcome", WAIT);
      b.awaitType("welcome", WAIT);

      b.send("{\"type\":\"generate\"}"); // bob (an editor) starts it
      String generationId = a.awaitType("generation_started", WAIT).path("generation_id").asString();
      a.awaitTypes("generation_chunk", 3, WAIT);
      b.awaitTypes("generation_chunk", 3, WAIT);

      a.send("{\"type\":\"cancel_generation\",\"generation_id\":\"" + generationId + "\"}"); // alice, the facilitator

      JsonNode cancelledA = a.awaitType("generation_cancelled", WAIT);
      JsonNode cancelledB = b.awaitType("generation_cancelled", WAIT);
      assertThat(cancelledA).isEqualTo(cancelledB);
      assertThat(cancelledA.path("generation_id").asString()).isEqualTo(generationId);
      assertThat(cancelledA.path("by").asString()).isEqualTo("dev:alice");
      Thread.sleep(1000); // the stream would have sent some 16 more chunks by now
      for (TestSocket s : List.of(a, b)) {
        List<String> types = s.received().stream().map(f -> f.path("type").asString()).toList();
        assertThat(types.subList(types.indexOf("generation_cancelled") + 1, types.size()))
            .as("nothing of it after the cancel").noneMatch(t -> t.startsWith("generation_"));
        assertThat(types).doesNotContain("generation_complete");
        List<JsonNode> chunks = ofType(s, "generation_chunk");
        for (int i = 0; i < chunks.size(); i++) assertThat(chunks.get(i).path("index").asLong()).isEqualTo(i);
      }
      assertThat(ofType(b, "generation_chunk")).isEqualTo(ofType(a, "generation_chunk"));

      // Cancelling it again, or something that never ran, is a typed refusal.
      a.send("{\"type\":\"cancel_generation\",\"generation_id\":\"" + generationId + "\"}");
      assertThat(a.awaitType("error", WAIT).path("code").asString()).isEqualTo("generation_finished");
      HttpResponse<String> unknown =
          auth.send("DELETE", "/api/sessions/" + session + "/generations/gen-0000000000000000", alice.token(), null);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(unknown.body()).path("code").asString()).isEqualTo("generation_not_found");

      // The audit log says who cancelled what.
      Await.until(WAIT, () -> assertThat(InvariantCheck.auditOf(system, session))
          .filteredOn(e -> e.path("type").asString().equals("org.personacollab.generation.cancelled"))
          .singleElement()
          .satisfies(e -> {
            assertThat(e.path("data").path("generation_id").asString()).isEqualTo(generationId);
            assertThat(e.path("data").path("by").asString()).isEqualTo("dev:alice");
            assertThat(e.path("data").path("started_by").asString()).isEqualTo("dev:bob");
          }));

      // The session is free again: a new generation starts, and an editor who did not start it
      // may not cancel it.
      a.send("{\"type\":\"generate\"}");
      JsonNode next = b.awaitTypes("generation_started", 2, WAIT).get(1);
      assertThat(next.path("generation_id").asString()).isNotEqualTo(generationId);
      b.send("{\"type\":\"cancel_generation\"}");
      assertThat(b.awaitType("error", WAIT).path("code").asString()).isEqualTo("forbidden");
      JsonNode complete = b.awaitType("generation_complete", Duration.ofSeconds(60));
      assertThat(complete.path("generation_id").asString()).isEqualTo(next.path("generation_id").asString());
    }
  }

  private static JsonNode awaitGeneratedOp(TestSocket socket) throws Exception {
    Await.until(WAIT, () -> assertThat(ofType(socket, "op"))
        .anyMatch(op -> op.path("src").asString().startsWith("agent:generation:")));
    return ofType(socket, "op").stream().filter(op -> op.path("src").asString().startsWith("agent:generation:")).findFirst().orElseThrow();
  }

  private static String text(TestSocket socket) {
    StringBuilder text = new StringBuilder();
    ofType(socket, "generation_chunk").forEach(c -> text.append(c.path("content").asString()));
    return text.toString();
  }

  private static List<JsonNode> ofType(TestSocket socket, String type) {
    return socket.received().stream().filter(f -> f.path("type").asString().equals(type)).toList();
  }
}
