package org.personacollab.cli.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Fixtures;
import org.personacollab.cli.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona vote …} and {@code persona floor …} against one fake server that answers the join
 * over REST and speaks the session's socket: the frame sent, the state printed, refusals as errors.
 */
class VoteAndFloorCommandTest {
  private static final String WORKSHOP =
      "{\"next\":4,\"votes\":{\"v1\":{\"id\":\"v1\",\"path\":[\"demographics\",\"age\"],\"status\":\"open\","
          + "\"proposals\":[{\"id\":\"p2\",\"value\":34,\"by\":\"dev:bob\",\"at\":1},{\"id\":\"p3\",\"value\":41,\"by\":\"dev:carol\",\"at\":2}],"
          + "\"ballots\":{\"dev:bob\":\"p3\"},\"tally\":{\"p2\":0,\"p3\":1}}},"
          + "\"turns\":{\"holder\":\"dev:bob\",\"order\":[\"dev:alice\",\"dev:bob\"],\"since\":0}}";

  @TempDir Path config;
  private DisposableServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicLong version = new AtomicLong(5);

  @BeforeEach
  void start() {
    String welcome = "{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s1\",\"clientId\":\"c1.fake\",\"version\":5,"
        + "\"snapshot\":{\"name\":\"Sarah\",\"_workshop\":" + WORKSHOP + "},\"participants\":[],\"resumed\":false,"
        + "\"role\":\"editor\",\"presence\":[]}";
    server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes
            .post("/api/sessions/s1/join", (req, res) -> res.header("Content-Type", "application/json")
                .sendString(Mono.just(Fixtures.grant("s1", "Workshop", "alice", "editor", "session-token"))))
            .ws("/ws/sessions/s1", (in, out) -> {
              Flux<String> answers = in.receive().asString().concatMap(text -> {
                JsonNode frame = Json.tree(text);
                received.add(frame);
                if (!frame.path("type").asString("").equals("vote")) return Mono.empty();
                if (frame.path("proposal").asString().equals("p9")) {
                  return Mono.just("{\"type\":\"error\",\"code\":\"proposal_not_found\",\"message\":\"There is no proposal p9 in this session.\"}");
                }
                // The sequencer's op: alice's ballot and the tally, on _workshop, from the command's own src.
                return Mono.just("{\"type\":\"op\",\"v\":" + version.getAndIncrement()
                    + ",\"src\":\"c1.fake/workshop-7f\",\"seq\":1,\"op\":[{\"p\":[\"_workshop\",\"votes\",\"v1\",\"ballots\",\"dev:alice\"],\"oi\":\"p2\"},"
                    + "{\"p\":[\"_workshop\",\"votes\",\"v1\",\"tally\",\"p2\"],\"na\":1}],\"user_id\":\"dev:alice\",\"ts\":0}");
              });
              return out.sendString(Flux.concat(Mono.just(welcome), answers)).then();
            }))
        .bindNow();
    Fixtures.signedIn(config, "http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    server.disposeNow();
  }

  /** What the client sent besides its handshake and keep-alives. */
  private List<JsonNode> workshopFrames() {
    return received.stream().filter(f -> !List.of("hello", "ping", "presence").contains(f.path("type").asString(""))).toList();
  }

  private CliRun persona(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--config-dir";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.run(all);
  }

  @Test
  void voteCast_sendsTheFrame_printsTheStateAfterIt() {
    CliRun run = persona("vote", "cast", "s1", "p2", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(received).extracting(JsonNode::toString).contains("{\"type\":\"vote\",\"proposal\":\"p2\"}");
    JsonNode state = Json.tree(run.out().strip());
    assertThat(state.path("votes").path("v1").path("tally").toString()).isEqualTo("{\"p2\":1,\"p3\":1}");
    assertThat(state.path("votes").path("v1").path("ballots").path("dev:alice").asString()).isEqualTo("p2");
  }

  @Test
  void voteCast_text_marksMyVote() {
    CliRun run = persona("vote", "cast", "s1", "p2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).containsExactly(
        "v1 demographics.age (open, 2 votes)",
        "  p2  1  34  ← your vote",
        "  p3  1  41");
  }

  @Test
  void voteCast_refused_isTheServersErrorAndExitCode1() {
    CliRun run = persona("vote", "cast", "s1", "p9");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: There is no proposal p9 in this session. (proposal_not_found)");
  }

  @Test
  void voteCast_badId_isAUsageErrorAndSendsNothing() {
    CliRun run = persona("vote", "cast", "s1", "two");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"proposal\" must be an id like p1");
    assertThat(workshopFrames()).isEmpty();
  }

  @Test
  void floorShow_readsOnly() {
    CliRun run = persona("floor", "show", "s1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).containsExactly(
        "Turn-based editing: dev:bob has the floor.", "Round: dev:alice, dev:bob");
    assertThat(workshopFrames()).isEmpty();
  }

  @Test
  void floorOn_needsOrder() {
    CliRun run = persona("floor", "on", "s1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--order");
  }
}
