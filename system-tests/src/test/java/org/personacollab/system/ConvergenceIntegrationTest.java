package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN §3.1–3.2 under load: 20 clients each make 200 random changes in one session (typing into
 * the same field, list inserts and deletes, replaces), with random pauses and without waiting for
 * acknowledgements. Every client ends with exactly the sequencer's document and version, and
 * every acknowledged change is in it exactly once.
 */
@WithInfra
class ConvergenceIntegrationTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static RunningSystem system;
  static Auth auth;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.start(Map.of(
        "persona.gateway.frames-per-second", "1000",
        "persona.gateway.frames-per-second-per-user", "1000",
        // 20 writers, the host and the checker.
        "collaboration.server.max_participants_per_session", "25"));
    auth = new Auth(system);
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).isPositive();
  }

  @Test
  void twentyClients_twoHundredChangesEach_allConvergeOnTheSequencersDocument() throws Exception {
    long seed = System.nanoTime();
    System.out.println("[repro] ConvergenceIntegrationTest seed=" + seed);
    String session = auth.create("Convergence", "host").sessionId();
    Workload load = new Workload(seed).connect(auth, system.ws(), session, 20);
    try {
      load.run(200, Duration.ofMillis(40), new AtomicBoolean());
      assertConverged(system, auth, session, load);
      assertThat(load.failed).as("changes that failed (seed %d)", seed).isEmpty();
      assertThat(load.acked).as("acknowledged changes (seed %d)", seed).hasSize(20 * 200);
    } finally {
      load.close();
    }
  }

  /** Every client has the sequencer's document and version; tokens: acked once, refused never. */
  static void assertConverged(RunningSystem system, Auth auth, String session, Workload load) throws Exception {
    // The read model (what a newcomer joins from) is written after the commit (ADR 2), and the
    // last ops of others may still be on their way to a client when its own are all acknowledged
    // (after a fault, a consumer may just have caught up): retry the whole comparison for a while;
    // in the end all of them must agree exactly.
    Object[] server = new Object[1];
    Await.until(java.time.Duration.ofSeconds(20), () -> {
      long version = InvariantCheck.storedVersion(system, session);
      PersonaClient fresh =
          PersonaClient.builder(URI.create(system.ws()), session).name("checker").headers(auth.of(session, "checker").header()).build();
      Object serverDoc;
      try {
        fresh.connect().block(Duration.ofSeconds(30));
        assertThat(fresh.version()).as("a newcomer's version").isEqualTo(version);
        serverDoc = fresh.document();
      } finally {
        fresh.close().block(Duration.ofSeconds(10));
      }
      String expected = JsonCodec.canonical(serverDoc);
      for (PersonaClient c : load.clients) {
        assertThat(c.version()).as("version of %s (seed %d)", c.clientId(), load.seed).isEqualTo(version);
        assertThat(JsonCodec.canonical(c.document())).as("document of %s (seed %d)", c.clientId(), load.seed).isEqualTo(expected);
      }
      server[0] = serverDoc;
    });
    Object serverDoc = server[0];
    List<?> tokens = (List<?>) ((Map<?, ?>) serverDoc).get("tokens");
    Set<Object> seen = new HashSet<>();
    List<Object> twice = new ArrayList<>();
    for (Object t : tokens) if (!seen.add(t)) twice.add(t);
    assertThat(twice).as("tokens applied twice (seed %d)", load.seed).isEmpty();
    assertThat(seen).as("acknowledged tokens in the document (seed %d)", load.seed).containsAll(load.acked);
    assertThat(load.refused).as("refused tokens in the document (seed %d)", load.seed).noneMatch(seen::contains);
    Set<Object> unexplained = new HashSet<>(seen);
    unexplained.removeAll(load.acked);
    unexplained.removeAll(load.lost);
    assertThat(unexplained).as("tokens in the document nobody saw acknowledged (seed %d)", load.seed).isEmpty();
  }

  static HttpResponse<String> get(RunningSystem system, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(system.http() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
