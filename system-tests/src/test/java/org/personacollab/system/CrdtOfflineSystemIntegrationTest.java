package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.PersonaCli;
import picocli.CommandLine;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.client.ConnectionState;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.testkit.WithInfra;
import reactor.core.publisher.Mono;

/**
 * Offline mode end to end (issue 8, ADR 12), through the real gateway, sync-service with
 * {@code collaboration.conflict_resolution: crdt}, Kafka and Redis: three clients edit one session
 * with the Java client's {@code crdt()} API; carol's socket goes through a TCP relay that the test
 * cuts, so she edits 300 times offline while alice and bob go on; then the relay is restored and
 * carol's client reconnects by itself. Nothing is refused, every change is acknowledged, and all
 * three documents equal a newcomer's (the server's read model). Also: a viewer's merge is refused
 * {@code forbidden}, a malformed one {@code invalid_op}, and neither changes the document. And the
 * same for the web page in a browser ({@code src/test/web/offline.test.mjs}).
 */
@WithInfra
class CrdtOfflineSystemIntegrationTest {
  private static RunningSystem system;
  private static Auth auth;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.start(Map.of(
        "collaboration.conflict_resolution", "crdt",
        // The sequencer keeps 10 ops to transform with: carol's version will be ~200 ops old.
        "persona.sync.retained-ops", "10",
        "persona.gateway.frames-per-second", "1000",
        "persona.gateway.frames-per-second-per-user", "1000"));
    auth = new Auth(system);
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  private static PersonaClient client(String url, String session, String name) throws Exception {
    PersonaClient c = PersonaClient.builder(URI.create(url), session)
        .name(name)
        .headers(auth.of(session, name).header())
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(300))
        .build();
    c.connect().block(Duration.ofSeconds(30));
    return c;
  }

  /**
   * {@code persona session join} in offline mode: the CLI asks the server how it merges, and its
   * set/add/unset commands typed while its connection is cut wait, then merge when it is back.
   */
  @Test
  void cli_commandsTypedWhileCutOff_mergeOnReconnect() throws Exception {
    try (Relay relay = new Relay(system.gatewayPort)) {
      String server = "http://127.0.0.1:" + relay.port();
      Path home = Files.createTempDirectory("persona-cli-offline");
      String session = auth.create("Offline CLI", "bob").sessionId(); // bob facilitates
      Run login = cli(home, "login", "--name", "bob", "--server", server);
      assertThat(login.code()).as(login.err()).isZero();
      PipedOutputStream keys = new PipedOutputStream();
      PipedInputStream stdin = new PipedInputStream(keys, 1 << 16);
      StringWriter screen = new StringWriter();
      CompletableFuture<Run> join = CompletableFuture.supplyAsync(
          () -> cli(home, stdin, screen, "session", "join", session, "--timeout", "60"));
      awaitText(screen, "Type help for commands");
      assertThat(screen.toString()).contains("Offline editing is on");
      type(keys, "set title Before the cut");
      awaitText(screen, "ok: set title = \"Before the cut\"");

      relay.cut();
      PersonaClient alice = client(system.ws(), session, "alice");
      type(keys, "set title Written offline");
      type(keys, "add goals Offline goal");
      type(keys, "set demographics.age_range 30-39");
      alice.crdt().add(List.of("goals"), "Alice's goal").block(Duration.ofSeconds(30));
      alice.crdt().set(List.of("name"), "Sam").block(Duration.ofSeconds(30));
      Thread.sleep(1_000);
      assertThat(screen.toString()).as("nothing confirmed while cut").doesNotContain("Written offline\"\n");
      relay.restore();
      awaitText(screen, "ok: set title = \"Written offline\"");
      awaitText(screen, "ok: added \"Offline goal\" to goals");
      awaitText(screen, "ok: set demographics.age_range = \"30-39\"");
      // Removing an item by its place, then leaving.
      awaitText(screen, ": set name = \"Sam\""); // alice's changes, made meanwhile, reached bob
      type(keys, "unset goals[0]");
      awaitText(screen, "ok: removed");
      type(keys, "quit");
      Run run = join.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(run.code()).as("%s%n%s", run.out(), run.err()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).doesNotContain("_crdt");

      PersonaClient fresh = client(system.ws(), session, "carol");
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) fresh.document();
      assertThat(doc).containsEntry("title", "Written offline").containsEntry("name", "Sam").containsKey(CrdtDocument.KEY);
      assertThat(doc.get("demographics")).isEqualTo(Map.of("age_range", "30-39"));
      List<?> goals = (List<?>) doc.get("goals");
      assertThat(goals).as("one of the two goals, after unset goals[0]").hasSize(1);
      assertThat(goals.get(0)).isIn("Offline goal", "Alice's goal");
      alice.close();
      fresh.close();
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(Path home, String... args) {
    return cli(home, new java.io.ByteArrayInputStream(new byte[0]), new StringWriter(), args);
  }

  private static Run cli(Path home, InputStream stdin, StringWriter screen, String... args) {
    CommandLine cli = PersonaCli.commandLine(new CliContext(stdin, Map.of(), home));
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(screen, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--config-dir", home.resolve("config").toString()));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, screen.toString(), err.toString());
  }

  private static void type(PipedOutputStream keys, String line) throws IOException {
    keys.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private static void awaitText(StringWriter screen, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!screen.toString().contains(expected)) {
      assertThat(System.nanoTime()).as("'%s' within 60 s; the screen:%n%s", expected, screen).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The web page in offline mode, in headless Chromium: {@code src/test/web/offline.test.mjs}. */
  @Test
  void webPage_cutOffForManyChanges_mergesOnReconnect_inHeadlessChromium() throws Exception {
    WebScenarios.run(system.gatewayPort, "offline.test.mjs", 2);
  }

  @Test
  void aClientOfflineFor300Changes_mergesOnReconnect_andAllThreeConverge() throws Exception {
    Auth.Grant host = auth.create("Offline", "alice");
    String session = host.sessionId();
    try (Relay relay = new Relay(system.gatewayPort)) {
      PersonaClient alice = client(system.ws(), session, "alice");
      PersonaClient bob = client(system.ws(), session, "bob");
      PersonaClient carol = client("ws://127.0.0.1:" + relay.port(), session, "carol");
      List<PersonaClient> all = List.of(alice, bob, carol);
      List<Nack> nacks = new CopyOnWriteArrayList<>();
      for (PersonaClient c : all) c.frames().ofType(Nack.class).subscribe(nacks::add);
      try {
        Object initial = alice.document();
        // A common start: a name, three goals.
        alice.crdt().set(List.of("name"), "Ada").block(Duration.ofSeconds(20));
        for (String g : List.of("base-1", "base-2", "base-3")) alice.crdt().add(List.of("goals"), g).block(Duration.ofSeconds(20));
        Await.until(Duration.ofSeconds(20), () -> assertThat(JsonCodec.canonical(carol.document())).isEqualTo(JsonCodec.canonical(alice.document())));

        long carolVersion = carol.version();
        relay.cut();
        Await.until(Duration.ofSeconds(20), () -> assertThat(carol.state()).isNotEqualTo(ConnectionState.CONNECTED));

        List<Mono<Void>> carols = new ArrayList<>();
        List<String> carolKept = new ArrayList<>();
        carols.add(carol.crdt().remove(List.of("goals"), "base-1")); // seen by carol: goes
        for (int i = 0; i < 300 - 1; i++) {
          switch (i % 3) {
            case 0 -> carols.add(carol.crdt().set(List.of("name"), "carol-" + i));
            case 1 -> {
              carols.add(carol.crdt().add(List.of("goals"), "carol-" + i));
              carolKept.add("carol-" + i);
            }
            default -> carols.add(carol.crdt().set(List.of("demographics", "age_range"), "carol-" + i));
          }
        }
        // Removes of her own offline adds: the first ten.
        List<String> removed = new ArrayList<>(carolKept.subList(0, 10));
        for (String g : removed) carols.add(carol.crdt().remove(List.of("goals"), g));
        carolKept.removeAll(removed);
        assertThat(carols).hasSize(310);
        assertThat(carol.crdt().pending()).isGreaterThanOrEqualTo(100);
        assertThat(new ArrayList<Object>((List<?>) ((Map<?, ?>) carol.document()).get("goals"))).as("shown offline").contains(carolKept.get(0)).doesNotContain("base-1");

        // Meanwhile alice and bob go on through the gateway: 100 changes each, acknowledged.
        List<String> othersAdded = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          alice.crdt().set(List.of("summary"), "alice-" + i).block(Duration.ofSeconds(20));
          bob.crdt().add(List.of("goals"), "bob-" + i).block(Duration.ofSeconds(20));
          othersAdded.add("bob-" + i);
        }
        bob.crdt().remove(List.of("goals"), "base-2").block(Duration.ofSeconds(20));
        long versionBefore = InvariantCheck.storedVersion(system, session);
        assertThat(versionBefore).isGreaterThanOrEqualTo(204);

        // The control: a json0 op made at carol's version is too old to transform.
        try (RawSocket raw = new RawSocket("localhost", system.gatewayPort, "/ws/sessions/" + session, auth.of(session, "dave").token())) {
          raw.sendFrame(0x1, ("{\"type\":\"op\",\"seq\":1,\"v\":" + carolVersion + ",\"op\":[{\"p\":[\"x\"],\"oi\":1}]}")
              .getBytes(StandardCharsets.UTF_8));
          assertThat(raw.awaitTextOrClose(Duration.ofSeconds(20))).asString().contains("\"op_too_old\"");
        }
        assertThat(InvariantCheck.storedVersion(system, session)).isEqualTo(versionBefore);

        long t0 = System.nanoTime();
        relay.restore();
        Mono.when(carols).block(Duration.ofSeconds(60));
        long mergeMillis = (System.nanoTime() - t0) / 1_000_000;
        for (PersonaClient c : all) c.whenSynced().block(Duration.ofSeconds(30));
        System.out.println("[crdt-offline] carol's 310 offline changes acknowledged " + mergeMillis
            + " ms after the relay came back; versions " + versionBefore + " -> " + InvariantCheck.storedVersion(system, session));
        assertThat(carol.crdt().pending()).isZero();
        assertThat(nacks).as("no change refused (no op_too_old)").isEmpty();

        Object[] server = new Object[1];
        Await.until(Duration.ofSeconds(20), () -> {
          long version = InvariantCheck.storedVersion(system, session);
          PersonaClient fresh = client(system.ws(), session, "checker");
          try {
            assertThat(fresh.version()).isEqualTo(version);
            server[0] = fresh.document();
          } finally {
            fresh.close().block(Duration.ofSeconds(10));
          }
          for (PersonaClient c : all) {
            assertThat(c.version()).as("version of %s", c.clientId()).isEqualTo(version);
            assertThat(JsonCodec.canonical(c.document())).as("document of %s", c.clientId()).isEqualTo(JsonCodec.canonical(server[0]));
          }
        });
        Map<?, ?> doc = (Map<?, ?>) CrdtDocument.withoutState(server[0]);
        List<Object> goals = new ArrayList<>((List<?>) doc.get("goals"));
        assertThat(goals).as("every add not removed").containsAll(carolKept).containsAll(othersAdded).contains("base-3");
        assertThat(goals).as("removed by whoever had seen them").doesNotContainAnyElementsOf(removed).doesNotContain("base-1", "base-2");
        assertThat(goals).doesNotHaveDuplicates().hasSize(carolKept.size() + othersAdded.size() + 1);
        assertThat(doc.get("summary")).isEqualTo("alice-99");
        assertThat(doc.get("name")).as("carol's last write of the name is the only one after Ada").isEqualTo("carol-297");
        assertThat(((Map<?, ?>) doc.get("demographics")).get("age_range")).isEqualTo("carol-296");
        // Merging every update at once (the final state is their union) into the session's first
        // document gives the same persona as the merges one by one, in the order they happened.
        Object atOnce = CrdtDocument.merge(initial, CrdtDocument.stateOf(server[0]), "check", System.currentTimeMillis());
        assertThat(JsonCodec.canonical(CrdtDocument.withoutState(atOnce))).isEqualTo(JsonCodec.canonical(doc));
        // The state agrees with the document: materialising it gives the same fields.
        assertThat(CrdtDocument.stateOf(server[0]).values(List.of("goals"))).containsExactlyElementsOf(goals);
      } finally {
        for (PersonaClient c : all) c.close().block(Duration.ofSeconds(10));
      }
    }
  }

  @Test
  void aViewersMerge_isForbidden_aMalformedOne_invalidOp_andTheDocumentIsUnchanged() throws Exception {
    Auth.Grant host = auth.create("Offline refusals", "alice");
    String session = host.sessionId();
    PersonaClient alice = client(system.ws(), session, "alice");
    try {
      alice.crdt().set(List.of("name"), "Ada").block(Duration.ofSeconds(20));
      alice.crdt().add(List.of("goals"), "Ship").block(Duration.ofSeconds(20));
      String before = JsonCodec.canonical(alice.document());
      // The stored copy trails the acks by a moment: wait until it holds both merges.
      long version = alice.version();
      Await.until(Duration.ofSeconds(20), () -> assertThat(InvariantCheck.storedVersion(system, session)).isEqualTo(version));
      Auth.Grant victor = auth.join(session, "victor", "viewer");
      String merge = "{\"type\":\"merge\",\"seq\":1,\"changes\":{\"registers\":[{\"path\":[\"name\"],\"value\":\"Victor\",\"at\":\""
          + System.currentTimeMillis() + ":0:victor\"}],\"sets\":[]}}";
      try (RawSocket raw = new RawSocket("localhost", system.gatewayPort, "/ws/sessions/" + session, victor.token())) {
        raw.sendFrame(0x1, merge.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.awaitTextOrClose(Duration.ofSeconds(20))).asString().contains("\"forbidden\"");
      }
      Auth.Grant bob = auth.of(session, "bob");
      String malformed = "{\"type\":\"merge\",\"seq\":1,\"changes\":{\"registers\":[{\"path\":[\"name\"],\"value\":\"Bob\",\"at\":\"yesterday\"}],\"sets\":[]}}";
      try (RawSocket raw = new RawSocket("localhost", system.gatewayPort, "/ws/sessions/" + session, bob.token())) {
        raw.sendFrame(0x1, malformed.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.awaitTextOrClose(Duration.ofSeconds(20))).asString().contains("\"invalid_op\"");
      }
      Thread.sleep(500);
      assertThat(InvariantCheck.storedVersion(system, session)).isEqualTo(version);
      PersonaClient fresh = client(system.ws(), session, "checker");
      try {
        assertThat(JsonCodec.canonical(fresh.document())).isEqualTo(before);
      } finally {
        fresh.close().block(Duration.ofSeconds(10));
      }
    } finally {
      alice.close().block(Duration.ofSeconds(10));
    }
  }

  /** A TCP relay to the gateway that the test can cut (every connection dropped, new ones refused) and restore. */
  static final class Relay implements AutoCloseable {
    private final int target;
    private final ServerSocket server;
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
    private volatile boolean cut;

    Relay(int target) throws IOException {
      this.target = target;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      daemon(this::accept);
    }

    private static void daemon(Runnable r) {
      Thread t = new Thread(r, "relay");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    void cut() {
      cut = true;
      Socket s;
      while ((s = open.poll()) != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }

    void restore() {
      cut = false;
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket in = server.accept();
          if (cut) {
            in.close();
            continue;
          }
          Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
          open.add(in);
          open.add(out);
          daemon(() -> pump(in, out));
          daemon(() -> pump(out, in));
        } catch (IOException e) {
          // closed, or the gateway refused: the client reconnects
        }
      }
    }

    private static void pump(Socket from, Socket to) {
      try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
        i.transferTo(o);
      } catch (IOException ignored) {
        // one side closed
      }
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      cut();
      server.close();
    }
  }
}
