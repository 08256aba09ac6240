package org.personacollab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaCliTest {

  @AfterEach
  void forgetDebugLogLevel() {
    System.clearProperty(PersonaCli.LOG_LEVEL_PROPERTY);
  }

  @Test
  void help_listsSubcommandsAndGlobalOptions() {
    CliRun run = CliRun.run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Usage: persona")
        .contains("  up ", "  login ", "  session ", "  audit ", "  completion ", "--debug", "--config-dir", "--version",
            "persona up", "Exit codes: 0 success, 1 failure, 2 wrong usage.");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void version_namesProjectKafkaAndJava() {
    CliRun run = CliRun.run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .first()
        .isEqualTo("persona " + Version.project());
    assertThat(Version.project()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("@");
    assertThat(run.out()).contains("Kafka 4.1.2", "Java " + Runtime.version().feature());
  }

  @Test
  void noSubcommand_usageOnStderr_exitCode2() {
    CliRun run = CliRun.run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Usage: persona");
  }

  @Test
  void unknownOption_oneLineNamingIt_exitCode2() {
    CliRun run = CliRun.run("up", "--prot", "8080");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("persona: Unknown option")
        .contains("'--prot'", "persona up --help");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badOptionValue_oneLine_exitCode2() {
    CliRun run = CliRun.run("up", "--port", "eighty");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("persona: ").contains("eighty");
  }

  @Test
  void failure_isOneLineWithoutStackTrace(@TempDir Path empty) {
    CliRun run = CliRun.run("up", "--repo", empty.toString(), "--data-dir", empty.resolve("d").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().startsWith("persona: ");
    assertThat(run.err()).doesNotContain("\tat ", "Exception");
  }

  @Test
  void debug_onSubcommand_addsStackTrace(@TempDir Path empty) {
    CliRun run =
        CliRun.run("up", "--debug", "--repo", empty.toString(), "--data-dir", empty.resolve("d").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines().get(0)).startsWith("persona: session-service is not built");
    assertThat(run.err()).contains("CliException", "\tat org.personacollab.cli.up.UpCommand");
    assertThat(System.getProperty(PersonaCli.LOG_LEVEL_PROPERTY)).isEqualTo("info");
  }

  @Test
  void helpSubcommand_showsUpHelp() {
    CliRun run = CliRun.run("help", "up");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: persona up");
  }

  @Test
  void everyCommand_hasHelp() {
    String[][] commands = {
      {"login"}, {"session"}, {"session", "create"}, {"session", "list"}, {"session", "join"}, {"session", "close"},
      {"audit"}, {"audit", "verify"}, {"audit", "tail"}, {"completion"}
    };
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";

      CliRun run = CliRun.run(args);

      assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).as(String.join(" ", args)).startsWith("Usage: persona " + String.join(" ", command));
    }
  }

  @Test
  void joinHelp_listsTheCommandsInsideASession() {
    assertThat(CliRun.run("session", "join", "--help").out()).contains("set PATH VALUE", "unset PATH", "who", "quit");
  }

  @Test
  void groupWithoutSubcommand_usageOnStderr_exitCode2() {
    for (String group : new String[] {"session", "audit"}) {
      CliRun run = CliRun.run(group);

      assertThat(run.exitCode()).as(group).isEqualTo(2);
      assertThat(run.err()).as(group).startsWith("Usage: persona " + group);
    }
  }

  @Test
  void completion_bashScriptKnowingEverySubcommandAndOption() {
    CliRun run = CliRun.run("completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_persona", "session", "join", "verify", "tail", "--invite", "--from-beginning", "--json");
  }

  @Test
  void auditVerify_sessionIsRequired() {
    CliRun run = CliRun.run("audit", "verify");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--session=ID");
  }
}
