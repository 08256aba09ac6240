package org.personacollab.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Fixtures;
import org.personacollab.cli.PersonaCli;
import org.personacollab.cli.StubServer;
import picocli.CommandLine;

class CheckCommandTest {
  static final String ANSWER =
      "{\"default\":\"openai\",\"providers\":["
          + "{\"name\":\"offline\",\"configured\":true,\"reachable\":true,\"detail\":\"built in, needs no network\",\"base_url\":null,\"model\":\"offline-extractive-v1\",\"default\":false},"
          + "{\"name\":\"openai\",\"configured\":true,\"reachable\":false,\"detail\":\"HTTP 401 from https://api.openai.com/v1/models\",\"base_url\":\"https://api.openai.com/v1\",\"model\":\"gpt-4o-mini\",\"default\":true},"
          + "{\"name\":\"anthropic\",\"configured\":false,\"reachable\":null,\"detail\":\"not configured: set ANTHROPIC_API_KEY\",\"base_url\":\"https://api.anthropic.com\",\"model\":\"claude-3-5-haiku-latest\",\"default\":false}]}";

  @TempDir Path config;
  final StubServer stub = StubServer.start().json("GET", "/api/generation/providers", 200, ANSWER);

  @AfterEach
  void stop() {
    stub.close();
  }

  private static CliRun withEnv(Map<String, String> env, String... args) {
    CommandLine cli = PersonaCli.commandLine(new CliContext(new ByteArrayInputStream(new byte[0]), env, Path.of(System.getProperty("java.io.tmpdir"))));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new CliRun(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void check_server_printsTheTable_andFailsWhenTheDefaultIsUnreachable() {
    Fixtures.signedIn(config, stub.url());

    CliRun run = CliRun.run("--config-dir", config.toString(), "check");

    assertThat(stub.last("GET", "/api/generation/providers").authorization()).isEqualTo("Bearer user-token-alice");
    assertThat(run.out().lines()).containsExactly(
        "PROVIDER   CONFIGURED  REACHABLE  MODEL                    DEFAULT  DETAIL",
        "offline    yes         yes        offline-extractive-v1             built in, needs no network",
        "openai     yes         no         gpt-4o-mini              *        HTTP 401 from https://api.openai.com/v1/models",
        "anthropic  no          -          claude-3-5-haiku-latest           not configured: set ANTHROPIC_API_KEY");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void check_json_printsTheServersAnswer() {
    Fixtures.signedIn(config, stub.url());

    CliRun run = CliRun.run("--config-dir", config.toString(), "check", "--json");

    assertThat(run.out().strip()).isEqualTo(ANSWER);
  }

  @Test
  void check_notSignedIn_saysHowToGoOn() {
    CliRun run = CliRun.run("--config-dir", config.toString(), "check");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("not signed in").contains("--local");
  }

  @Test
  void local_readsTheEnvironment_andProbesFromHere() {
    stub.json("GET", "/api/tags", 200, "{\"models\":[]}");
    stub.json("GET", "/v1/models", 401, "{\"error\":\"bad key\"}");

    CliRun run = withEnv(
        Map.of("OLLAMA_BASE_URL", stub.url() + "/", "PERSONA_DEFAULT_PROVIDER", "ollama",
            "OPENAI_COMPATIBLE_BASE_URL", stub.url() + "/v1", "OPENAI_COMPATIBLE_API_KEY", "local-key"),
        "check", "--local", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var answer = org.personacollab.cli.Json.tree(run.out());
    assertThat(answer.get("default").asString()).isEqualTo("ollama");
    var byName = new java.util.HashMap<String, tools.jackson.databind.JsonNode>();
    answer.get("providers").forEach(p -> byName.put(p.get("name").asString(), p));
    assertThat(byName.get("ollama").get("reachable").asBoolean()).isTrue();
    assertThat(byName.get("openai-compatible").get("reachable").asBoolean()).isFalse();
    assertThat(byName.get("openai-compatible").get("detail").asString()).startsWith("HTTP 401 from " + stub.url() + "/v1/models");
    assertThat(byName.get("openai").get("configured").asBoolean()).isFalse();
    assertThat(byName.get("openai").get("detail").asString()).isEqualTo("not configured: set OPENAI_API_KEY");
    assertThat(stub.last("GET", "/v1/models").authorization()).isEqualTo("Bearer local-key");
  }
}
