package org.personacollab.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Fixtures;
import org.personacollab.cli.StubServer;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;

class LoginCommandTest {
  @TempDir Path config;
  final StubServer stub = StubServer.start();

  @AfterEach
  void stop() {
    stub.close();
  }

  private CliRun login(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--config-dir";
    all[1] = config.toString();
    all[2] = "login";
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.run(all);
  }

  @Test
  void login_storesTokenAndServer_saysWhoAndWhere() {
    stub.json("POST", "/api/auth/token", 200, Fixtures.ALICE_TOKEN);

    CliRun run = login("--name", "alice", "--server", stub.url() + "/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/auth/token").body()).isEqualTo("{\"name\":\"alice\"}");
    assertThat(run.out().lines()).containsExactly(
        "Signed in to " + stub.url() + " as alice (dev:alice), until 2030-01-15T21:00:00Z.",
        "Saved to " + config.resolve("credentials.json") + ".");
    Credentials stored = new CredentialsStore(config).load().orElseThrow();
    assertThat(stored.server()).isEqualTo(stub.url());
    assertThat(stored.token()).isEqualTo("user-token-alice");
    assertThat(stored.userId()).isEqualTo("dev:alice");
  }

  @Test
  void loginAgain_defaultsToTheStoredServerAndName_keepsThatUsersSessionTokens() {
    stub.json("POST", "/api/auth/token", 200, Fixtures.ALICE_TOKEN);
    CredentialsStore store = new CredentialsStore(config);
    store.save(Credentials.signedIn(stub.url(), "dev:alice", "alice", "old", "")
        .withSession("s1", new Credentials.SessionToken("W", "facilitator", "session-token", "")));

    CliRun run = login();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/auth/token").body()).isEqualTo("{\"name\":\"alice\"}");
    Credentials stored = store.load().orElseThrow();
    assertThat(stored.token()).isEqualTo("user-token-alice");
    assertThat(stored.session("s1")).isNotNull();
  }

  @Test
  void loginAsSomeoneElse_dropsTheOtherUsersSessionTokens() {
    stub.json("POST", "/api/auth/token", 200, Fixtures.ALICE_TOKEN);
    CredentialsStore store = new CredentialsStore(config);
    store.save(Credentials.signedIn(stub.url(), "dev:bob", "bob", "old", "")
        .withSession("s1", new Credentials.SessionToken("W", "editor", "bobs-session-token", "")));

    assertThat(login("--name", "alice").exitCode()).isZero();

    assertThat(store.load().orElseThrow().sessions()).isEmpty();
  }

  @Test
  void devLoginSwitchedOff_theServersSentence_exit1_nothingStored() {
    stub.problem("POST", "/api/auth/token", 404, "not_found",
        "The development login is switched off on this server (persona.auth.dev-login.enabled=false); sign in with your organisation's identity provider.");

    CliRun run = login("--name", "alice", "--server", stub.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: The development login is switched off on this server"
        + " (persona.auth.dev-login.enabled=false); sign in with your organisation's identity provider. (not_found)");
    assertThat(run.out()).isEmpty();
    assertThat(new CredentialsStore(config).load()).isEmpty();
  }

  @Test
  void invalidName_validationProblem_exit1() {
    stub.problem("POST", "/api/auth/token", 400, "validation_failed", "name: must be 1-100 characters (after trimming)");

    CliRun run = login("--name", " ", "--server", stub.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: name: must be 1-100 characters (after trimming) (validation_failed)");
  }

  @Test
  void notAPersonaServer_saysSo() {
    CliRun run = login("--name", "alice", "--server", stub.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly(
        "persona: " + stub.url() + " has no /api/auth/token: is it a Persona Collab server (its gateway)?");
  }

  @Test
  void serverDown_exit1_oneLineWithoutStackTrace() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    CliRun run = login("--name", "alice", "--server", "http://127.0.0.1:" + port);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("persona: cannot reach the Persona Collab server at http://127.0.0.1:" + port + " (connection refused)");
  }

  @Test
  void badServerAddress_namesIt() {
    CliRun run = login("--server", "localhost:8080");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: 'localhost:8080' is not a server address; give one like http://localhost:8080");
  }
}
