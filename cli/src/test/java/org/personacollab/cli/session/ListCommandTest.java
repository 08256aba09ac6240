package org.personacollab.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Fixtures;
import org.personacollab.cli.StubServer;
import org.personacollab.cli.config.Credentials;

class ListCommandTest {
  static final String PAGE = "{\"sessions\":[" + Fixtures.session("k3v9x2m7qa", "Workshop 2025-01-15") + ","
      + Fixtures.session("p9d2m1x0aa", "Retro") + "],\"total\":45,\"offset\":20,\"limit\":20}";

  @TempDir Path config;
  final StubServer stub = StubServer.start().json("GET", "/api/sessions", 200, PAGE);

  @AfterEach
  void stop() {
    stub.close();
  }

  private CliRun persona(String... args) {
    return CliRun.run(SessionArgs.with(config, args));
  }

  @Test
  void list_tableOfMySessions_withMyRole_andWhereThePageIs() {
    Fixtures.signedIn(config, stub.url()).save(Fixtures.signedIn(config, stub.url()).load().orElseThrow()
        .withSession("k3v9x2m7qa", new Credentials.SessionToken("Workshop 2025-01-15", "facilitator", "t", "")));

    CliRun run = persona("session", "list", "--page", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    StubServer.Request sent = stub.last("GET", "/api/sessions");
    assertThat(sent.query()).isEqualTo("offset=20&limit=20&participant=dev%3Aalice");
    assertThat(sent.authorization()).isEqualTo("Bearer user-token-alice");
    assertThat(run.out().lines()).containsExactly(
        "ID          NAME                 CREATED               BY         YOU",
        "k3v9x2m7qa  Workshop 2025-01-15  2030-01-15T09:00:00Z  dev:alice  facilitator",
        "p9d2m1x0aa  Retro                2030-01-15T09:00:00Z  dev:alice  -",
        "Page 2 of 3 (45 sessions).");
  }

  @Test
  void all_noParticipantFilter_sizeIsTheLimit() {
    Fixtures.signedIn(config, stub.url());

    assertThat(persona("session", "list", "--all", "--size", "5").exitCode()).isZero();

    assertThat(stub.last("GET", "/api/sessions").query()).isEqualTo("offset=0&limit=5");
  }

  @Test
  void json_thePageAsTheServerSentIt() {
    Fixtures.signedIn(config, stub.url());

    CliRun run = persona("session", "list", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo(PAGE);
  }

  @Test
  void empty_saysHowToCreateOne() {
    Fixtures.signedIn(config, stub.url());
    stub.json("GET", "/api/sessions", 200, "{\"sessions\":[],\"total\":0,\"offset\":0,\"limit\":20}");

    CliRun run = persona("session", "list");

    assertThat(run.out().lines()).containsExactly("No active sessions. Create one with: persona session create NAME --share");
  }

  @Test
  void sizeOutOfRange_usageError_nothingSent() {
    Fixtures.signedIn(config, stub.url());

    CliRun run = persona("session", "list", "--size", "500");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("persona: --size must be 1-100, not 500 (see 'persona session list --help')");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void expiredSignIn_saysToLogInAgain() {
    Fixtures.signedIn(config, stub.url());
    stub.problem("GET", "/api/sessions", 401, "token_expired", "The token has expired.");

    CliRun run = persona("session", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: The token has expired. (token_expired) Run 'persona login' to sign in again.");
  }
}
