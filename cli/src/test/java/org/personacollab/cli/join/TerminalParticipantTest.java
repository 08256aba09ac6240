package org.personacollab.cli.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.cli.CliException;
import org.personacollab.cli.api.Participant;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;

/** The terminal participant over a real WebSocket to a {@link FakeGateway}, fed through pipes. */
class TerminalParticipantTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Participant BOB = new Participant("dev:bob", "bob", "editor");
  static final List<Participant> DIRECTORY =
      List.of(new Participant("dev:alice", "alice", "facilitator"), BOB, new Participant("dev:carol", "Carol", "viewer"));

  final FakeGateway gateway = new FakeGateway("{\"name\":\"Sarah\",\"goals\":[\"Ship\"]}", 3, List.of("dev:alice", "dev:bob"));
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    gateway.close();
  }

  private TerminalParticipant participant(Duration timeout) {
    PersonaClient client = PersonaClient.builder(URI.create(gateway.url()), "s1").build();
    return new TerminalParticipant(client, new TerminalParticipant.Session("s1", "Workshop", BOB, DIRECTORY),
        new PrintWriter(out, true), new PrintWriter(err, true), timeout);
  }

  private int run(String input) {
    return participant(WAIT).run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
  }

  private void awaitOut(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!out.toString().contains(expected)) {
      assertThat(System.nanoTime()).as("'%s' in:%n%s", expected, out).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void pipedCommands_editsSentAndConfirmed_showAndWho_exit0() {
    int code = run("set demographics.age 34\n# a comment\n\nadd goals Listen\nshow demographics\nwho\nquit\nset name ignored\n");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines()).startsWith(
        "Joined \"Workshop\" (s1) as bob, editor.",
        "{",
        "  \"name\": \"Sarah\",",
        "  \"goals\": [",
        "    \"Ship\"",
        "  ]",
        "}",
        "Here: alice (facilitator), bob (you, editor)",
        "Type help for commands, quit to leave.");
    assertThat(out.toString()).contains(
        "ok: set demographics = {\"age\":34}",
        "ok: added goals[1] = \"Listen\"",
        "demographics = {\n  \"age\": 34\n}",
        "Here: alice (facilitator), bob (you, editor)");
    assertThat(err.toString()).isEmpty();
    assertThat(gateway.ops()).as("nothing after quit was sent")
        .extracting(op -> JsonCodec.canonical(JsonCodec.parse(op.get("op").toString())))
        .containsExactlyInAnyOrder(
            "[{\"oi\":{\"age\":34},\"p\":[\"demographics\"]}]",
            "[{\"li\":\"Listen\",\"p\":[\"goals\",1]}]")
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void othersChangesAndArrivals_printedLiveWithTheirNames() throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    InputStream stdin = new PipedInputStream(keys);
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> participant(WAIT).run(stdin));
    awaitOut("Type help");

    gateway.push("{\"type\":\"user_joined\",\"user_id\":\"dev:carol\",\"name\":\"Carol\",\"role\":\"viewer\",\"color\":\"#123456\",\"ts\":1}");
    gateway.pushOp("dev:alice", "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]");
    gateway.push("{\"type\":\"role_changed\",\"user_id\":\"dev:bob\",\"role\":\"viewer\",\"ts\":2}");
    gateway.push("{\"type\":\"user_left\",\"user_id\":\"dev:alice\",\"name\":\"alice\",\"ts\":3}");
    awaitOut("- alice left");
    type(keys, "who\nshow name\nquit\n");

    assertThat(running.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains(
        "+ Carol joined (viewer)",
        "* alice: typed \"Dr \" into name at 0",
        "You are now viewer.",
        "- alice left",
        "Here: bob (you, viewer), Carol (viewer)",
        "name = \"Dr Sarah\"");
  }

  @Test
  void refusedChange_reportedOnStderr_undone_exit1() {
    gateway.refuse(frame -> "{\"type\":\"nack\",\"seq\":" + frame.path("seq").asLong()
        + ",\"code\":\"forbidden\",\"message\":\"Viewers cannot change the persona.\"}");

    int code = run("set name Ada Lovelace\nquit\n");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines()).containsExactly(
        "persona: the server refused 'set name = \"Ada Lovelace\"': Viewers cannot change the persona. (forbidden)",
        "persona: 1 command did not go through (see above)");
  }

  @Test
  void badCommands_reportedAndTheSessionGoesOn_exit1() {
    int code = run("sett name x\nset name\nadd name x\nunset nowhere\nshow goals[5]\nset title Lead\nquit\n");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines()).containsExactly(
        "persona: unknown command 'sett'; type help for the list",
        "persona: usage: set PATH VALUE, e.g. set demographics.age 34",
        "persona: name is a text, not a list; use set",
        "persona: there is nothing at nowhere",
        "persona: goals has 1 item; there is no item 5",
        "persona: 5 commands did not go through (see above)");
    assertThat(out.toString()).contains("ok: set title = \"Lead\"");
  }

  @Test
  void sessionClosed_endsTheRunWith0_evenWhileInputStaysOpen() throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    InputStream stdin = new PipedInputStream(keys);
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> participant(WAIT).run(stdin));
    awaitOut("Type help");

    gateway.push("{\"type\":\"session_closed\",\"reason\":\"closed\",\"message\":\"The facilitator closed the session.\",\"ts\":5}");

    assertThat(running.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("The session was closed: The facilitator closed the session.");
    keys.close();
  }

  @Test
  void watch_noInputRead_endsWhenTheSessionCloses() {
    gateway.push("{\"type\":\"session_closed\",\"reason\":\"timeout\",\"message\":\"Closed after 60 minutes without activity.\",\"ts\":5}");

    int code = participant(WAIT).run(null);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Watching; Ctrl-C to leave.", "The session was closed: Closed after 60 minutes without activity.");
  }

  @Test
  void unknownSession_refusedConnection_oneSentence() {
    gateway.closeWith(4404);

    assertThatThrownBy(() -> run("quit\n"))
        .isInstanceOf(CliException.class)
        .hasMessage("there is no session s1 (check the id with 'persona session list')");
  }

  @Test
  void unconfirmedChange_atQuit_reportedAfterTheTimeout_exit1() {
    gateway.refuse(frame -> "{\"type\":\"pong\"}"); // swallowed: no ack, no nack

    int code = participant(Duration.ofSeconds(1)).run(stdin("set name Ada\nquit\n"));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("persona: 1 change was not confirmed by the server within 1 s; it may be lost");
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void type(PipedOutputStream keys, String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }
}
