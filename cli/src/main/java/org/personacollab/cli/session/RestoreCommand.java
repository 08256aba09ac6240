package org.personacollab.cli.session;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona session restore ID --version V [--json]}: makes the persona what it was at version
 * V, as a new change by you ({@code POST /api/sessions/{id}/restore}, editors and facilitators).
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
      "Make the persona what it was at an earlier version. This is a new change, by you, that everyone"
          + " sees; changes made meanwhile by others are merged, and it can be undone like any change."
    })
public final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
  String sessionId = "";

  @Option(names = {"-v", "--version"}, paramLabel = "V", required = true, description = "The version to restore.")
  long version;

  @Option(names = "--json", description = "Print the server's answer: {\"session_id\",\"restored_version\",\"version\",\"user_id\",\"summary\",\"op\"}.")
  boolean json;

  @Override
  public Integer call() {
    if (version < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--version must be 0 or more, not " + version);
    Account account = Account.load(CliContext.of(spec).credentials());
    JsonNode answer = account.withSessionToken(
        sessionId, token -> account.api().post(SessionPaths.of(sessionId, "/restore"), token, Map.of("version", version)));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(answer));
    } else {
      out.println("Restored version " + version + " of session " + sessionId + "; the persona is now at version "
          + answer.path("version").asLong() + ".");
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }
}
