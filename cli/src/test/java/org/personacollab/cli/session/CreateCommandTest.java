package org.personacollab.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Fixtures;
import org.personacollab.cli.Json;
import org.personacollab.cli.StubServer;
import org.personacollab.cli.config.CredentialsStore;
import tools.jackson.databind.JsonNode;

class CreateCommandTest {
  static final String LINK = "http://localhost:8080/?invite=aaa.bbb.ccc";

  @TempDir Path config;
  final StubServer stub = StubServer.start()
      .json("POST", "/api/sessions", 201, Fixtures.grant("k3v9x2m7qa", "Workshop 2025-01-15", "alice", "facilitator", "fac-token"))
      .json("POST", "/api/sessions/k3v9x2m7qa/invites", 201,
          "{\"jti\":\"inv-7Qm2\",\"role\":\"editor\",\"expires_at\":\"2030-01-16T09:00:00Z\",\"token\":\"aaa.bbb.ccc\",\"link\":\"" + LINK + "\"}");

  @AfterEach
  void stop() {
    stub.close();
  }

  private CliRun persona(String... args) {
    return CliRun.run(SessionArgs.with(config, args));
  }

  @Test
  void createShare_printsIdLinkAndWhatToSend_storesTheFacilitatorToken() {
    CredentialsStore store = Fixtures.signedIn(config, stub.url());

    CliRun run = persona("session", "create", "Workshop 2025-01-15", "--share");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/sessions").body()).isEqualTo("{\"name\":\"Workshop 2025-01-15\"}");
    assertThat(stub.last("POST", "/api/sessions").authorization()).isEqualTo("Bearer user-token-alice");
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/invites").authorization()).isEqualTo("Bearer fac-token");
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/invites").body()).isEqualTo("{\"role\":\"editor\"}");
    assertThat(run.out().lines()).containsExactly(
        "Created session k3v9x2m7qa \"Workshop 2025-01-15\"; you are its facilitator.",
        "",
        "Share link (editor, valid until 2030-01-16T09:00:00Z):",
        "  " + LINK,
        "",
        "Send this to participants:",
        "  You are invited to the persona workshop \"Workshop 2025-01-15\".",
        "  In a browser, open:  " + LINK,
        "  In a terminal, run:  persona session join --server " + stub.url() + " --name '<your name>' --invite '" + LINK + "'");
    assertThat(store.load().orElseThrow().session("k3v9x2m7qa").token()).isEqualTo("fac-token");
    assertThat(store.load().orElseThrow().session("k3v9x2m7qa").role()).isEqualTo("facilitator");
  }

  @Test
  void createWithoutShare_noInvite_saysHowToJoin() {
    Fixtures.signedIn(config, stub.url());

    CliRun run = persona("session", "create", "Workshop 2025-01-15");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly(
        "Created session k3v9x2m7qa \"Workshop 2025-01-15\"; you are its facilitator.",
        "Join it with: persona session join k3v9x2m7qa");
    assertThat(stub.requests()).extracting(StubServer.Request::path).containsExactly("/api/sessions");
  }

  @Test
  void json_oneObjectWithSessionRoleAndShare_viewerRoleImpliesShare() {
    Fixtures.signedIn(config, stub.url());

    CliRun run = persona("session", "create", "Workshop 2025-01-15", "--role", "viewer", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/invites").body()).isEqualTo("{\"role\":\"viewer\"}");
    assertThat(run.out().lines()).hasSize(1);
    JsonNode json = Json.tree(run.out());
    assertThat(json.path("session").path("id").asString()).isEqualTo("k3v9x2m7qa");
    assertThat(json.path("session").has("closed_at")).as("absent, not null").isFalse();
    assertThat(json.path("role").asString()).isEqualTo("facilitator");
    assertThat(json.path("share").path("link").asString()).isEqualTo(LINK);
    assertThat(json.path("share").path("invite").asString()).isEqualTo("aaa.bbb.ccc");
    assertThat(json.path("share").path("join_command").asString()).contains("--invite '" + LINK + "'");
    assertThat(run.out()).doesNotContain("fac-token");
  }

  @Test
  void badRole_usageError() {
    CliRun run = persona("session", "create", "W", "--role", "facilitator");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--role", "facilitator", "editor, viewer");
  }

  @Test
  void notSignedIn_saysHowToSignIn() {
    CliRun run = persona("session", "create", "W");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: not signed in (no " + config.resolve("credentials.json")
        + "); run 'persona login --name <your name>' [--server URL] first");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void sessionLimit_theServersSentence() {
    Fixtures.signedIn(config, stub.url());
    stub.problem("POST", "/api/sessions", 409, "session_limit_reached", "The server already has 100 active sessions.");

    CliRun run = persona("session", "create", "W", "--share");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: The server already has 100 active sessions. (session_limit_reached)");
    assertThat(run.out()).isEmpty();
  }
}
