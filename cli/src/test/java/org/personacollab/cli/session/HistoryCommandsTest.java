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

/** {@code persona session history}, {@code show --version} and {@code restore --version}. */
class HistoryCommandsTest {
  static final String HISTORY =
      "{\"session_id\":\"k3v9x2m7qa\",\"version\":7,\"persist_history\":true,\"earliest\":0,\"versions\":["
          + "{\"version\":7,\"user_id\":\"dev:alice\",\"client\":\"agent:restore:2:x\",\"kind\":\"restore\",\"ts\":1,"
          + "\"time\":\"2030-01-15T09:12:00Z\",\"summary\":\"restored version 2\",\"restored_version\":2},"
          + "{\"version\":6,\"user_id\":\"dev:bob\",\"name\":\"Bob\",\"client\":\"c1.2\",\"kind\":\"participant\",\"ts\":1,"
          + "\"time\":\"2030-01-15T09:11:00Z\",\"summary\":\"typed 12 characters in goals[2]\"}],\"next_before\":6}";
  static final String TRIMMED =
      "{\"session_id\":\"k3v9x2m7qa\",\"version\":40,\"persist_history\":false,\"earliest\":31,\"versions\":[],\"next_before\":null}";

  @TempDir Path config;
  final StubServer stub = StubServer.start();

  @AfterEach
  void stop() {
    stub.close();
  }

  private CliRun persona(String... args) {
    return CliRun.run(SessionArgs.with(config, args));
  }

  private void editor() {
    CredentialsStore store = Fixtures.signedIn(config, stub.url());
    store.save(store.load().orElseThrow().withSession("k3v9x2m7qa", new Credentials.SessionToken("Workshop", "editor", "ed-token", "")));
  }

  @Test
  void history_tableNewestFirst_withTheNextPage() {
    editor();
    stub.json("GET", "/api/sessions/k3v9x2m7qa/history", 200, HISTORY);

    CliRun run = persona("session", "history", "k3v9x2m7qa", "--limit", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("GET", "/api/sessions/k3v9x2m7qa/history").query()).isEqualTo("limit=2");
    assertThat(stub.last("GET", "/api/sessions/k3v9x2m7qa/history").authorization()).isEqualTo("Bearer ed-token");
    assertThat(run.out().lines()).containsExactly(
        "Session k3v9x2m7qa is at version 7; its history is complete.",
        "VERSION  TIME                  WHO                  CHANGE",
        "7        2030-01-15T09:12:00Z  dev:alice (restore)  restored version 2",
        "6        2030-01-15T09:11:00Z  Bob                  typed 12 characters in goals[2]",
        "Older: persona session history k3v9x2m7qa --before 6");
  }

  @Test
  void history_trimmed_saysWhereItStarts() {
    editor();
    stub.json("GET", "/api/sessions/k3v9x2m7qa/history", 200, TRIMMED);

    CliRun run = persona("session", "history", "k3v9x2m7qa", "--before", "31");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("GET", "/api/sessions/k3v9x2m7qa/history").query()).isEqualTo("limit=20&before=31");
    assertThat(run.out().lines()).containsExactly(
        "Session k3v9x2m7qa is at version 40; its history starts at version 31 (the server keeps only recent changes: persist_history is false).",
        "No changes before version 31.");
  }

  @Test
  void history_json_isTheServersAnswer() {
    editor();
    stub.json("GET", "/api/sessions/k3v9x2m7qa/history", 200, HISTORY);

    CliRun run = persona("session", "history", "k3v9x2m7qa", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(HISTORY);
  }

  @Test
  void history_badLimit_usageError_nothingSent() {
    editor();

    CliRun run = persona("session", "history", "k3v9x2m7qa", "--limit", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--limit must be 1-200, not 0");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void show_printsThePersonaAtThatVersion() {
    editor();
    stub.json("GET", "/api/sessions/k3v9x2m7qa/versions/2", 200,
        "{\"session_id\":\"k3v9x2m7qa\",\"version\":2,\"current_version\":7,\"document\":{\"name\":\"Sarah\",\"title\":\"Lead\"}}");

    CliRun run = persona("session", "show", "k3v9x2m7qa", "--version", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err().strip()).isEqualTo("Session k3v9x2m7qa at version 2 (now at version 7):");
    assertThat(run.out()).contains("\"name\": \"Sarah\"").contains("\"title\": \"Lead\"");
  }

  @Test
  void show_trimmedVersion_theServersSentence_exit1() {
    editor();
    stub.problem("GET", "/api/sessions/k3v9x2m7qa/versions/3", 410, "history_trimmed",
        "Version 3 of session k3v9x2m7qa is no longer kept; the history starts at version 31.");

    CliRun run = persona("session", "show", "k3v9x2m7qa", "--version", "3");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly(
        "persona: Version 3 of session k3v9x2m7qa is no longer kept; the history starts at version 31. (history_trimmed)");
  }

  @Test
  void show_withoutVersion_usageError() {
    CliRun run = persona("session", "show", "k3v9x2m7qa");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("persona: Missing required option: '--version=V'");
  }

  @Test
  void restore_postsTheVersion_andSaysTheNewOne() {
    editor();
    stub.json("POST", "/api/sessions/k3v9x2m7qa/restore", 200,
        "{\"session_id\":\"k3v9x2m7qa\",\"restored_version\":2,\"version\":8,\"user_id\":\"dev:alice\",\"summary\":\"restored version 2\",\"op\":[]}");

    CliRun run = persona("session", "restore", "k3v9x2m7qa", "--version", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/restore").body()).isEqualTo("{\"version\":2}");
    assertThat(stub.last("POST", "/api/sessions/k3v9x2m7qa/restore").authorization()).isEqualTo("Bearer ed-token");
    assertThat(run.out().lines()).containsExactly("Restored version 2 of session k3v9x2m7qa; the persona is now at version 8.");
  }

  @Test
  void restore_asViewer_forbidden_exit1() {
    editor();
    stub.problem("POST", "/api/sessions/k3v9x2m7qa/restore", 403, "forbidden", "Only editors and facilitators can restore a version.");

    CliRun run = persona("session", "restore", "k3v9x2m7qa", "--version", "2", "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly("persona: Only editors and facilitators can restore a version. (forbidden)");
  }

  @Test
  void restore_negativeVersion_usageError_nothingSent() {
    editor();

    CliRun run = persona("session", "restore", "k3v9x2m7qa", "--version", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(stub.requests()).isEmpty();
  }
}
