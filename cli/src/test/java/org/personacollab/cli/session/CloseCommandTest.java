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
import org.personacollab.cli.config.CredentialsStore;

class CloseCommandTest {
  static final String CLOSED = "{\"id\":\"k3v9x2m7qa\",\"name\":\"Workshop\",\"created_at\":\"2030-01-15T09:00:00Z\","
      + "\"status\":\"closed\",\"closed_at\":\"2030-01-15T12:00:00Z\",\"close_reason\":\"closed\",\"participants\":[]}";

  @TempDir Path config;
  final StubServer stub = StubServer.start();

  @AfterEach
  void stop() {
    stub.close();
  }

  private CliRun persona(String... args) {
    return CliRun.run(SessionArgs.with(config, args));
  }

  private CredentialsStore facilitator(String token) {
    CredentialsStore store = Fixtures.signedIn(config, stub.url());
    store.save(store.load().orElseThrow().withSession("k3v9x2m7qa", new Credentials.SessionToken("Workshop", "facilitator", token, "")));
    return store;
  }

  @Test
  void close_withTheStoredSessionToken_thenForgetsIt() {
    CredentialsStore store = facilitator("fac-token");
    stub.json("POST", "/api/sessions/k3v9x2m7qa/close", 200, CLOSED);

    CliRun run = persona("session", "close", "k3v9x2m7qa");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/close").authorization()).isEqualTo("Bearer fac-token");
    assertThat(run.out().lines()).containsExactly("Closed session k3v9x2m7qa \"Workshop\" at 2030-01-15T12:00:00Z.");
    assertThat(store.load().orElseThrow().session("k3v9x2m7qa")).isNull();
  }

  @Test
  void expiredSessionToken_joinsAgainWithoutInvite_andRetries() {
    facilitator("expired-token");
    stub.on("POST", "/api/sessions/k3v9x2m7qa/close", r -> "Bearer fresh-token".equals(r.authorization())
        ? new StubServer.Response(200, "application/json", CLOSED)
        : StubServer.problemResponse(401, "token_expired", "The token has expired."));
    stub.json("POST", "/api/sessions/k3v9x2m7qa/join", 200, Fixtures.grant("k3v9x2m7qa", "Workshop", "alice", "facilitator", "fresh-token"));

    CliRun run = persona("session", "close", "k3v9x2m7qa", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/join").authorization()).isEqualTo("Bearer user-token-alice");
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/join").body()).isEqualTo("{}");
    assertThat(run.out().strip()).isEqualTo(CLOSED);
  }

  @Test
  void notTheFacilitator_theServersSentence_exit1_tokenKept() {
    CredentialsStore store = facilitator("editor-token");
    stub.problem("POST", "/api/sessions/k3v9x2m7qa/close", 403, "forbidden", "Only a facilitator can close the session.");

    CliRun run = persona("session", "close", "k3v9x2m7qa");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("persona: Only a facilitator can close the session. (forbidden)");
    assertThat(store.load().orElseThrow().session("k3v9x2m7qa")).isNotNull();
  }

  @Test
  void noStoredToken_neverJoined_notAParticipant() {
    Fixtures.signedIn(config, stub.url());
    stub.problem("POST", "/api/sessions/k3v9x2m7qa/join", 403, "not_a_participant", "You are not a participant of session k3v9x2m7qa.");

    CliRun run = persona("session", "close", "k3v9x2m7qa");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("persona: You are not a participant of session k3v9x2m7qa. (not_a_participant) Ask the facilitator");
  }

  @Test
  void missingId_usageError() {
    CliRun run = persona("session", "close");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("persona: Missing required parameter: 'ID'");
  }
}
