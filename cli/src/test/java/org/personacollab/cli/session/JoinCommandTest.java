package org.personacollab.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Fixtures;
import org.personacollab.cli.StubServer;
import org.personacollab.cli.config.CredentialsStore;

/** What join does before the WebSocket: which server, signing in, joining, and the refusals. */
class JoinCommandTest {
  static final String INVITE = jwt("{\"sid\":\"k3v9x2m7qa\",\"role\":\"editor\",\"typ\":\"invite\"}");

  @TempDir Path config;
  final StubServer stub = StubServer.start();

  @AfterEach
  void stop() {
    stub.close();
  }

  static String jwt(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
  }

  private CliRun persona(String... args) {
    return CliRun.withInput("quit\n", SessionArgs.with(config, args));
  }

  @Test
  void noIdNoInvite_usageError() {
    CliRun run = persona("session", "join");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("persona: give the session ID, or --invite LINK (see 'persona session join --help')");
  }

  @Test
  void notSignedInAndNoName_saysHow() {
    CliRun run = persona("session", "join", "k3v9x2m7qa", "--server", stub.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: not signed in; add --name <your name> to sign in, or run 'persona login' first");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void withName_signsInThenJoinsTheInvitesSession_withTheInvite() {
    stub.json("POST", "/api/auth/token", 200, Fixtures.ALICE_TOKEN);
    stub.problem("POST", "/api/sessions/k3v9x2m7qa/join", 410, "session_closed", "Session k3v9x2m7qa was closed.");

    CliRun run = persona("session", "join", "--name", "alice", "--invite", stub.url() + "/?invite=" + INVITE);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(stub.last("POST", "/api/auth/token").body()).isEqualTo("{\"name\":\"alice\"}");
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/join").body()).isEqualTo("{\"invite\":\"" + INVITE + "\"}");
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/join").authorization()).isEqualTo("Bearer user-token-alice");
    assertThat(run.out()).isEqualTo("Signed in to " + stub.url() + " as alice.\n");
    assertThat(run.errLines()).containsExactly("persona: Session k3v9x2m7qa was closed. (session_closed)");
    assertThat(new CredentialsStore(config).load()).as("the sign-in is kept").isPresent();
  }

  @Test
  void inviteForAnotherServer_rejected_hintsAtItsServer() {
    Fixtures.signedIn(config, stub.url());
    stub.problem("POST", "/api/sessions/k3v9x2m7qa/join", 403, "invite_invalid", "This invite link is not valid.");

    CliRun run = persona("session", "join", "--invite", "http://elsewhere.example:8080/?invite=" + INVITE);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: This invite link is not valid. (invite_invalid) The link points to"
        + " http://elsewhere.example:8080, but you joined at " + stub.url() + ": if the session is there, add --server"
        + " http://elsewhere.example:8080.");
  }

  @Test
  void signedInElsewhere_noName_saysHowToSignInThere() {
    Fixtures.signedIn(config, "http://other.example:8080");

    CliRun run = persona("session", "join", "k3v9x2m7qa", "--server", stub.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: you are signed in to http://other.example:8080, not " + stub.url()
        + "; add --name <your name> to sign in there, or run 'persona login --server " + stub.url() + "'");
  }

  @Test
  void unknownSession_theServersSentence() {
    Fixtures.signedIn(config, stub.url());
    stub.problem("POST", "/api/sessions/nosuch/join", 404, "session_not_found", "There is no session nosuch.");

    CliRun run = persona("session", "join", "nosuch");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: There is no session nosuch. (session_not_found)");
  }
}
