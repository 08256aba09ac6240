package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.PersonaCli;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code persona} CLI against the real system, run in-process as {@code main} would run it
 * (picocli's {@code execute} with captured output, each user with a config directory of their
 * own): a facilitator signs in, creates a session with a share link, watches it live in a
 * terminal participant; a participant signs in and joins with the link, piping edits; the edits
 * reach the facilitator's terminal and an independent socket; the list shows the session, the
 * audit chain holds, and closing it ends the facilitator's terminal and refuses later joins.
 */
@WithInfra
class CliIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern SESSION_ID = Pattern.compile("Created session ([a-z0-9]+) ");
  private static final Pattern LINK = Pattern.compile("Share link \\(editor[^)]*\\):\\R  (http\\S+\\?invite=\\S+)");
  private static RunningSystem system;

  @TempDir static Path home;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).as("sessions checked").isPositive();
  }

  @Test
  void workshop_loginCreateShareJoinEditListVerifyClose() throws Exception {
    String server = system.http();
    Path alice = home.resolve("alice");
    Path bob = home.resolve("bob");

    // Sign in: the token is kept where only its owner can read it.
    Run login = persona(alice, "login", "--name", "alice", "--server", server);
    assertThat(login.code()).as(login.err()).isZero();
    assertThat(login.out()).contains("Signed in to " + server + " as alice (dev:alice)");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alice.resolve(CredentialsStore.FILE_NAME))))
        .isEqualTo("rw-------");

    // Create with a share link and the text for participants.
    Run created = persona(alice, "session", "create", "CLI workshop", "--share");
    assertThat(created.code()).as(created.err()).isZero();
    String id = group(SESSION_ID, created.out());
    String link = group(LINK, created.out());
    assertThat(created.out()).contains("you are its facilitator", "Send this to participants:",
        "In a browser, open:  " + link,
        // The link names this server (persona.public-url), so the command needs no --server.
        "persona session join --name '<your name>' --invite '" + link + "'");
    assertThat(link).startsWith(server + "/");

    // The facilitator watches in a terminal participant of her own, fed through a pipe.
    PipedOutputStream aliceKeys = new PipedOutputStream();
    PipedInputStream aliceStdin = new PipedInputStream(aliceKeys, 1 << 16);
    StringWriter aliceScreen = new StringWriter();
    CompletableFuture<Run> aliceJoin =
        CompletableFuture.supplyAsync(() -> persona(alice, aliceStdin, aliceScreen, "session", "join", id));
    awaitText(aliceScreen::toString, "Type help for commands");
    assertThat(aliceScreen.toString()).contains("Joined \"CLI workshop\" (" + id + ") as alice, facilitator.", "Here: alice (you, facilitator)");

    // A participant signs in and joins with the link in one command, piping edits.
    String edits = String.join("\n",
        "set demographics.age 34",
        "set name \"Ada\"",
        "add goals Ship faster",
        "show name",
        "quit") + "\n";
    Run bobJoin = persona(bob, new ByteArrayInputStream(edits.getBytes(StandardCharsets.UTF_8)), new StringWriter(),
        "session", "join", "--server", server, "--name", "bob", "--invite", link);
    assertThat(bobJoin.code()).as("bob's join: %s / %s", bobJoin.out(), bobJoin.err()).isZero();
    assertThat(bobJoin.out()).contains(
        "Signed in to " + server + " as bob.",
        "Joined \"CLI workshop\" (" + id + ") as bob, editor.",
        "ok: set demographics = {\"age\":34}",
        "ok: set name = \"Ada\"",
        "ok: set goals = [\"Ship faster\"]",
        "name = \"Ada\"");
    assertThat(bobJoin.err()).isEmpty();

    // Bob's changes reached alice's terminal live, by name (changes made while one is in flight
    // travel composed, so one line may carry several), and are in her copy of the persona.
    awaitText(aliceScreen::toString, "set goals = [\"Ship faster\"]");
    assertThat(aliceScreen.toString())
        .contains("+ bob joined (editor)", "* bob: set demographics = {\"age\":34}", "set name = \"Ada\"");
    aliceKeys.write("show demographics.age\n".getBytes(StandardCharsets.UTF_8));
    aliceKeys.flush();
    awaitText(aliceScreen::toString, "demographics.age = 34");

    // ... and an independent socket, with the session token the CLI stored for alice, sees them.
    Credentials stored = new CredentialsStore(alice).load().orElseThrow();
    assertThat(stored.session(id)).isNotNull();
    assertThat(stored.session(id).role()).isEqualTo("facilitator");
    PersonaClient checker = PersonaClient.builder(URI.create(system.ws()), id)
        .headers(Map.of("Authorization", "Bearer " + stored.session(id).token())).build();
    try {
      checker.connect().block(WAIT);
      assertThat(JsonCodec.canonical(checker.document()))
          .isEqualTo("{\"demographics\":{\"age\":34},\"goals\":[\"Ship faster\"],\"name\":\"Ada\"}");
    } finally {
      checker.close().block(WAIT);
    }

    // The list shows the session to both of them.
    Run list = persona(alice, "session", "list", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(ids(JSON.readTree(list.out()))).contains(id);
    assertThat(ids(JSON.readTree(persona(bob, "session", "list", "--json").out()))).contains(id);

    // The audit chain holds and counts at least the three changes.
    String[] kafka = {"--bootstrap", Infra.get().kafkaBootstrapServers(), "--topic-prefix", system.prefix + "."};
    Run verify = persona(alice, concat(new String[] {"audit", "verify", "--session", id, "--json"}, kafka));
    assertThat(verify.code()).as(verify.err()).isZero();
    JsonNode result = JSON.readTree(verify.out());
    assertThat(result.path("intact").asBoolean()).isTrue();
    assertThat(result.path("events").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(result.path("head").path("sequence").asInt()).isEqualTo(result.path("events").asInt());
    Run tail = persona(alice, concat(new String[] {"audit", "tail", "--session", id, "--from-beginning", "-n", "3"}, kafka));
    assertThat(tail.code()).as(tail.err()).isZero();
    assertThat(tail.out().lines()).hasSize(3).allMatch(line -> line.matches("#\\d+ \\S+ [a-z._]+ .+ \\[[0-9a-f]{8}]"));
    assertThat(tail.err()).as("no chain breaks").isEmpty();

    // Closing ends alice's terminal (exit 0) and refuses later joins with the server's words.
    Run close = persona(alice, "session", "close", id);
    assertThat(close.code()).as(close.err()).isZero();
    assertThat(close.out()).startsWith("Closed session " + id + " \"CLI workshop\"");
    Run aliceEnded = aliceJoin.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    aliceKeys.close();
    assertThat(aliceEnded.code()).as(aliceEnded.err()).isZero();
    assertThat(aliceScreen.toString()).contains("The session was closed: ");
    Run late = persona(bob, new ByteArrayInputStream(new byte[0]), new StringWriter(), "session", "join", id);
    assertThat(late.code()).isEqualTo(1);
    assertThat(late.err()).startsWith("persona: ").contains("(session_closed)");
    assertThat(ids(JSON.readTree(persona(alice, "session", "list", "--json").out()))).doesNotContain(id);
  }

  @Test
  void generate_inASession_uploadsTheFilesStreamsTheTextAndPrintsThePersonaThatEntersTheDocument() throws Exception {
    String server = system.http();
    Path carol = home.resolve("carol");
    assertThat(persona(carol, "login", "--name", "carol", "--server", server).code()).isZero();
    Run created = persona(carol, "session", "create", "CLI generation");
    assertThat(created.code()).as(created.err()).isZero();
    String id = group(SESSION_ID, created.out());
    Path data = home.resolve("generate-data");
    Files.createDirectories(data.resolve("interviews"));
    Files.writeString(data.resolve("interviews/p1.txt"), "Interviewer: How do you plan meals?\n"
        + "P1: I plan every Sunday with a paper list on the fridge.\nP1: I hate that the weekly shop takes so long.\n");
    Files.writeString(data.resolve("notes.md"), "# Goals\n- P2 wants to waste less food.\n");
    Files.writeString(data.resolve("deck.pptx"), "not research");

    Run generated = persona(carol, "generate", "--session", id, "--from", data.toString(), "--timeout", "60");

    assertThat(generated.code()).as(generated.err()).isZero();
    JsonNode persona = JSON.readTree(generated.out());
    assertThat(persona.path("metadata").path("provider").asString()).isEqualTo("offline");
    assertThat(persona.toString()).contains("paper list on the fridge").doesNotContain("Pantry Planner");
    // stderr: the skipped file, the streamed text (the persona itself), then the progress summary.
    assertThat(generated.err()).contains("persona: skipped deck.pptx").contains("(research_unsupported)")
        .contains("Generating gen-").contains("Done: ").contains("chunks").contains("characters");
    assertThat(generated.err()).contains(persona.path("name").asString());

    // The persona entered the session document as an ordinary op.
    Credentials stored = new CredentialsStore(carol).load().orElseThrow();
    PersonaClient checker = PersonaClient.builder(URI.create(system.ws()), id)
        .headers(Map.of("Authorization", "Bearer " + stored.session(id).token())).build();
    try {
      checker.connect().block(WAIT);
      Await.until(WAIT, () -> assertThat(JsonCodec.canonical(checker.document())).contains("paper list on the fridge"));
    } finally {
      checker.close().block(WAIT);
    }
  }

  // ---- running the CLI in-process ----

  /** The outcome of one {@code persona} run; {@code out} is what the run printed. */
  record Run(int code, String out, String err) {}

  private static Run persona(Path configDir, String... args) {
    return persona(configDir, new ByteArrayInputStream(new byte[0]), new StringWriter(), args);
  }

  /** Runs {@code persona --config-dir DIR args} with {@code stdin}; stdout also goes to {@code screen} as it is printed. */
  private static Run persona(Path configDir, InputStream stdin, StringWriter screen, String... args) {
    CommandLine cli = PersonaCli.commandLine(new CliContext(stdin, Map.of(), home));
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(screen, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(concat(new String[] {"--config-dir", configDir.toString()}, args));
    return new Run(code, screen.toString(), err.toString());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
    return m.group(1);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("sessions").forEach(s -> ids.add(s.path("id").asString()));
    return ids;
  }

  private static void awaitText(Supplier<String> screen, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!screen.get().contains(expected)) {
      assertThat(System.nanoTime()).as("'%s' within %s; the screen:%n%s", expected, WAIT, screen.get()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
