package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.client.ScriptedServer.Socket;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The reactive API over real WebSockets, against a server whose every frame is scripted by the
 * test: what each Mono and Flux signals, and what the client puts on the wire.
 */
class PersonaClientTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String DOC = "{\"name\":\"Ada\",\"goals\":[\"a\"]}";

  private final ScriptedServer server = new ScriptedServer();
  private PersonaClient client;

  private PersonaClient.Builder builder() {
    return PersonaClient.builder(server.uri(), "s1")
        .name("alice b")
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close().block(WAIT);
    }
    server.close();
  }

  /** Connects and answers with a welcome for {@code c1} at version 0. */
  private Socket connected() throws InterruptedException {
    client = builder().build();
    Mono<Void> connect = client.connect();
    Socket s = server.accept();
    s.welcome("c1", 0, DOC);
    StepVerifier.create(connect).expectComplete().verify(WAIT);
    return s;
  }

  @Test
  void connect_completesOnTheWelcome_withPathNameAndHeaders() throws InterruptedException {
    client = builder().headers(Map.of("Authorization", "Bearer t0k")).build();
    assertThat(client.state()).isEqualTo(ConnectionState.NEW);
    Mono<Void> connect = client.connect();
    Socket s = server.accept();
    assertThat(s.sessionId).isEqualTo("s1");
    assertThat(s.uri).isEqualTo("/ws/sessions/s1?name=alice%20b");
    assertThat(s.headers.get("Authorization")).isEqualTo("Bearer t0k");
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);

    s.welcome("c1", 4, DOC);

    StepVerifier.create(connect).expectComplete().verify(WAIT);
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(client.version()).isEqualTo(4);
    assertThat(client.clientId()).isEqualTo("c1");
    assertThat(JsonCodec.canonical(client.document())).isEqualTo(EngineHarness.canonical(DOC));
  }

  @Test
  void connect_toAnUnknownSession_errorsWithTheCloseCode_andTheClientCloses() throws InterruptedException {
    client = builder().build();
    Mono<Void> connect = client.connect();
    server.accept().close(4404, "session_not_found: There is no session with id s1.");

    StepVerifier.create(connect)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ConnectionRefusedException.class, r -> {
          assertThat(r.closeCode()).isEqualTo(4404);
          assertThat(r.code()).hasValue("session_not_found");
          assertThat(r.errorCode()).hasValue(org.personacollab.protocol.ErrorCode.SESSION_NOT_FOUND);
        }))
        .verify(WAIT);
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    StepVerifier.create(client.states()).expectNext(ConnectionState.CLOSED).expectComplete().verify(WAIT);
    assertThat(server.poll(Duration.ofMillis(300))).as("no reconnect after a permanent refusal").isNull();
  }

  @Test
  void sessionClosed_4410_closesTheClientForGood() throws InterruptedException {
    Socket s = connected();
    s.close(4410, "session_closed: The facilitator closed the session.");

    StepVerifier.create(client.states().filter(st -> st == ConnectionState.CLOSED).take(1)).expectNextCount(1).expectComplete().verify(WAIT);
    assertThat(server.poll(Duration.ofMillis(500))).as("no reconnect to a closed session").isNull();
  }

  @Test
  void connect_refusedHandshake_404_isPermanent() {
    client = PersonaClient.builder(java.net.URI.create(server.uri() + "/nope"), "s1").build();
    StepVerifier.create(client.connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ConnectionRefusedException.class,
            r -> assertThat(r.closeCode()).isEqualTo(4404)))
        .verify(WAIT);
  }

  @Test
  void submit_completesWhenItsOwnOpComesBack() throws InterruptedException {
    Socket s = connected();
    List<DocumentEvent> events = new CopyOnWriteArrayList<>();
    client.changes().subscribe(events::add);

    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",3],\"si\":\"!\"}]"));

    assertThat(JsonCodec.write(client.document())).as("local echo").contains("\"Ada!\"");
    JsonNode sent = s.takeSkippingPings();
    assertThat(sent.toString()).isEqualTo("{\"type\":\"op\",\"src\":\"c1\",\"seq\":1,\"v\":0,\"op\":[{\"p\":[\"name\",3],\"si\":\"!\"}]}");
    StepVerifier.create(submit)
        .then(() -> s.op(0, "c1", 1, "[{\"p\":[\"name\",3],\"si\":\"!\"}]", "alice"))
        .expectComplete()
        .verify(WAIT);
    assertThat(client.version()).isEqualTo(1);
    assertThat(events).extracting(DocumentEvent::kind).containsExactly(DocumentEvent.Kind.LOCAL);
    StepVerifier.create(client.whenSynced()).expectComplete().verify(WAIT);
  }

  @Test
  void submit_errorsWithRejectedChange_onAFatalNack_andTheDocumentIsRolledBack() throws InterruptedException {
    Socket s = connected();
    List<DocumentEvent> events = new CopyOnWriteArrayList<>();
    client.changes().subscribe(events::add);

    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"goals\",1],\"li\":\"b\"}]"));
    s.takeSkippingPings();
    s.nack(1, "document_too_large", null);

    StepVerifier.create(submit)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(RejectedChangeException.class, r -> {
          assertThat(r.code()).isEqualTo("document_too_large");
          assertThat(r.seq()).isEqualTo(1);
        }))
        .verify(WAIT);
    assertThat(JsonCodec.canonical(client.document())).isEqualTo(EngineHarness.canonical(DOC));
    assertThat(events).extracting(DocumentEvent::kind)
        .containsExactly(DocumentEvent.Kind.LOCAL, DocumentEvent.Kind.ROLLBACK);
    assertThat(events.get(1).op()).hasToString("[{\"p\":[\"goals\",1],\"ld\":\"b\"}]");
  }

  @Test
  void submit_rateLimited_isSentAgainWithTheSameSeq_afterRetryAfter() throws InterruptedException {
    Socket s = connected();
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    s.takeSkippingPings();
    long nackedAt = System.nanoTime();
    s.nack(1, "rate_limited", 300L);

    JsonNode again = s.takeSkippingPings();
    long waitedMs = (System.nanoTime() - nackedAt) / 1_000_000;
    assertThat(again.get("seq").asLong()).isEqualTo(1);
    assertThat(again.get("v").asLong()).isZero();
    assertThat(waitedMs).as("waited for retryAfter").isGreaterThanOrEqualTo(250);

    StepVerifier.create(submit).then(() -> s.op(0, "c1", 1, "[{\"p\":[\"name\",0],\"si\":\"x\"}]", "alice"))
        .expectComplete().verify(WAIT);
  }

  @Test
  void set_sendsTheJson0ReplaceOfTheCurrentValue() throws InterruptedException {
    Socket s = connected();
    client.set(List.of("name"), "Bo");
    client.set(List.of("demographics"), Map.of("age", 34));
    assertThat(s.takeSkippingPings().get("op").toString()).isEqualTo("[{\"p\":[\"name\"],\"od\":\"Ada\",\"oi\":\"Bo\"}]");
    StepVerifier.create(client.set(List.of("nowhere", "x"), 1))
        .expectError(org.personacollab.ot.OtException.class).verify(WAIT);
  }

  @Test
  void serverRestart_reconnects_resumesWithHello_andResendsTheInFlightOp() throws InterruptedException {
    Socket s = connected();
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    client.states().subscribe(states::add);
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    s.takeSkippingPings();

    s.close(1012, "restarting");

    Socket s2 = server.accept();
    s2.welcome("c2", 0, "{\"ignored\":true}");
    JsonNode hello = s2.takeSkippingPings();
    assertThat(hello.toString()).isEqualTo("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c1\",\"version\":0,\"seq\":1}");
    s2.resumed("c1", 0);
    JsonNode resent = s2.takeSkippingPings();
    assertThat(resent.get("seq").asLong()).isEqualTo(1);
    assertThat(resent.get("src").asString()).isEqualTo("c1");

    StepVerifier.create(submit).then(() -> s2.op(0, "c1", 1, "[{\"p\":[\"name\",0],\"si\":\"x\"}]", "alice"))
        .expectComplete().verify(WAIT);
    assertThat(states).containsExactly(ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
    assertThat(client.clientId()).isEqualTo("c1");
  }

  @Test
  void abortedConnection_reconnects_andChangesMadeMeanwhileAreSentAfterResume() throws InterruptedException {
    Socket s = connected();
    s.abort();
    // Local changes are accepted while the client reconnects.
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    Socket s2 = server.accept();
    s2.welcome("c2", 0, DOC);
    assertThat(s2.takeSkippingPings().get("type").asString()).isEqualTo("hello");
    s2.resumed("c1", 0);
    JsonNode op = s2.takeSkippingPings();
    assertThat(op.get("seq").asLong()).isEqualTo(1);
    StepVerifier.create(submit).then(() -> s2.op(0, "c1", 1, op.get("op").toString(), "alice")).expectComplete().verify(WAIT);
  }

  @Test
  void crdtChangesOffline_areShownAtOnce_sentAsAMergeAfterResume_andCompleteOnTheirOp() throws InterruptedException {
    Socket s = connected();
    s.abort();
    StepVerifier.create(client.states().filter(st -> st == ConnectionState.RECONNECTING).take(1)).expectNextCount(1).expectComplete().verify(WAIT);
    Mono<Void> name = client.crdt().set(List.of("name"), "Grace");
    Mono<Void> goal = client.crdt().add(List.of("goals"), "b");
    assertThat(JsonCodec.write(client.document())).as("shown offline").contains("\"Grace\"").contains("\"b\"");
    assertThat(client.crdt().pending()).isEqualTo(2);
    assertThatThrownBy(() -> client.crdt().set(List.of("goals"), "x").block()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.send(new org.personacollab.protocol.frame.Merge(null, 9,
        tools.jackson.databind.json.JsonMapper.builder().build().readTree("{}"))).block()).isInstanceOf(IllegalArgumentException.class);

    Socket s2 = server.accept();
    s2.welcome("c2", 0, DOC);
    assertThat(s2.takeSkippingPings().get("type").asString()).isEqualTo("hello");
    s2.resumed("c1", 0);
    JsonNode merge = s2.takeSkippingPings();
    assertThat(merge.get("type").asString()).isEqualTo("merge");
    assertThat(merge.get("src").asString()).isEqualTo("c1");
    assertThat(merge.get("seq").asLong()).isEqualTo(1);
    assertThat(merge.get("changes").get("registers").get(0).get("value").asString()).isEqualTo("Grace");
    assertThat(merge.get("changes").get("sets").get(0).get("adds").get(0).get("value").asString()).isEqualTo("b");

    String op = "[{\"p\":[\"name\"],\"od\":\"Ada\",\"oi\":\"Grace\"},{\"p\":[\"goals\"],\"od\":[\"a\"],\"oi\":[\"a\",\"b\"]},"
        + "{\"p\":[\"_crdt\"],\"oi\":" + merge.get("changes") + "}]";
    StepVerifier.create(Mono.when(name, goal)).then(() -> s2.op(0, "c1", 1, op, "alice")).expectComplete().verify(WAIT);
    assertThat(client.crdt().pending()).isZero();
    assertThat(client.version()).isEqualTo(1);
    assertThat(JsonCodec.write(client.document())).contains("\"Grace\"").contains("\"_crdt\"");
    StepVerifier.create(client.whenSynced()).expectComplete().verify(WAIT);
  }

  @Test
  void resumeRefused_reportsTheChangeLost_andTakesTheSnapshot() throws InterruptedException {
    Socket s = connected();
    List<DocumentEvent> events = new CopyOnWriteArrayList<>();
    client.changes().subscribe(events::add);
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    s.takeSkippingPings();
    s.close(4409, "resync");

    Socket s2 = server.accept();
    s2.welcome("c2", 0, DOC);
    s2.takeSkippingPings();
    s2.welcome("c2", 9, "{\"name\":\"Zed\"}");

    StepVerifier.create(submit).expectError(ChangeLostException.class).verify(WAIT);
    assertThat(client.version()).isEqualTo(9);
    assertThat(client.clientId()).isEqualTo("c2");
    assertThat(JsonCodec.write(client.document())).isEqualTo("{\"name\":\"Zed\"}");
    assertThat(events).extracting(DocumentEvent::kind).containsExactly(DocumentEvent.Kind.LOCAL, DocumentEvent.Kind.RESET);
  }

  @Test
  void gapInTheStream_reconnectsAndResumesFromTheLastVersion() throws InterruptedException {
    Socket s = connected();
    s.op(0, "c9", 1, "[{\"p\":[\"name\",0],\"si\":\"a\"}]", "bob");
    s.op(2, "c9", 3, "[{\"p\":[\"name\",0],\"si\":\"c\"}]", "bob");

    Socket s2 = server.accept();
    s2.welcome("c2", 3, DOC);
    JsonNode hello = s2.takeSkippingPings();
    assertThat(hello.get("version").asLong()).isEqualTo(1);
    assertThat(hello.get("clientId").asString()).isEqualTo("c1");
  }

  @Test
  void heartbeat_pings_andReplacesAConnectionThatStaysSilent() throws InterruptedException {
    client = builder().heartbeat(Duration.ofMillis(100)).build();
    client.connect();
    Socket s = server.accept();
    s.welcome("c1", 0, DOC);
    assertThat(s.take().toString()).isEqualTo("{\"type\":\"ping\"}");

    // The server never answers: after two periods of silence the client tries a new socket.
    Socket s2 = server.poll(Duration.ofSeconds(2));
    assertThat(s2).as("a new connection after the old one fell silent").isNotNull();
    assertThat(client.state()).isIn(ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
  }

  @Test
  void frames_areRaw_andUnknownTypesAreSkipped() throws InterruptedException {
    Socket s = connected();
    List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    client.frames().subscribe(frames::add);

    StepVerifier.create(client.changes().next())
        .then(() -> {
          s.send("{\"type\":\"presence\",\"user\":\"bob\"}");
          s.send("{\"type\":\"generation_chunk\",\"generation_id\":\"g\",\"index\":0,\"content\":\"Hi\"}");
          s.op(0, "c9", 1, "[{\"p\":[\"name\",0],\"si\":\"a\"}]", "bob");
        })
        .expectNextMatches(e -> e.kind() == DocumentEvent.Kind.REMOTE && "bob".equals(e.author()) && e.version() == 1)
        .expectComplete()
        .verify(WAIT);
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0)).isInstanceOf(GenerationChunk.class);
    assertThat(frames.get(1)).isInstanceOf(OpFrame.class);
  }

  @Test
  void close_failsChangesNotAcknowledged_completesTheFluxes_andClosesTheSocket() throws InterruptedException {
    Socket s = connected();
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    Mono<Void> synced = client.whenSynced();

    StepVerifier.create(client.changes()).then(() -> client.close().block(WAIT)).expectComplete().verify(WAIT);

    StepVerifier.create(submit).expectError(ClientClosedException.class).verify(WAIT);
    StepVerifier.create(synced).expectError(ClientClosedException.class).verify(WAIT);
    StepVerifier.create(client.submit(Op.parse("[]"))).expectError(ClientClosedException.class).verify(WAIT);
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!s.clientGone && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(s.clientGone).as("the server saw the socket close").isTrue();
  }

  @Test
  void subscribers_mayCallTheClient_fromInsideAnEvent() throws InterruptedException {
    Socket s = connected();
    // A subscriber that answers every remote change with a change of its own (re-entrant call).
    client.changes()
        .filter(e -> e.kind() == DocumentEvent.Kind.REMOTE)
        .subscribe(e -> client.submit(Op.parse("[{\"p\":[\"goals\",0],\"li\":\"seen\"}]")));
    s.op(0, "c9", 1, "[{\"p\":[\"name\",0],\"si\":\"a\"}]", "bob");
    JsonNode sent = s.takeSkippingPings();
    assertThat(sent.get("v").asLong()).isEqualTo(1);
    assertThat(sent.get("op").toString()).isEqualTo("[{\"p\":[\"goals\",0],\"li\":\"seen\"}]");
  }

  @Test
  void send_aWorkshopFrame_goesOutAsIs_butChangesAndFramesBeforeTheWelcomeAreRefused() throws InterruptedException {
    PersonaClient fresh = builder().build();
    StepVerifier.create(fresh.send(new org.personacollab.protocol.frame.Vote("p2")))
        .expectError(IllegalStateException.class).verify(WAIT);
    fresh.close().block(WAIT);

    Socket s = connected();
    StepVerifier.create(client.send(new org.personacollab.protocol.frame.Vote("p2"))).expectComplete().verify(WAIT);
    assertThat(s.takeSkippingPings().toString()).isEqualTo("{\"type\":\"vote\",\"proposal\":\"p2\"}");

    StepVerifier.create(client.send(new org.personacollab.protocol.frame.Edit(
            tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("name"),
            tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("Bo"))))
        .expectError(IllegalArgumentException.class).verify(WAIT);
    tools.jackson.databind.JsonNode more = s.poll(Duration.ofMillis(200));
    assertThat(more == null || more.path("type").asString().equals("ping")).as("nothing more on the wire: %s", more).isTrue();
  }
}
