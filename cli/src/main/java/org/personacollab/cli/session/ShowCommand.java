package org.personacollab.cli.session;

import java.io.PrintWriter;
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
 * {@code persona session show ID --version V [--json]}: the persona as it was at version V ({@code
 * GET /api/sessions/{id}/versions/{v}}), read only.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {"Print the persona as it was at a version (see 'persona session history')."})
public final class ShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
  String sessionId = "";

  @Option(names = {"-v", "--version"}, paramLabel = "V", required = true, description = "The version (0 is the empty document).")
  long version;

  @Option(names = "--json", description = "Print the server's answer: {\"session_id\",\"version\",\"current_version\",\"document\"}.")
  boolean json;

  @Override
  public Integer call() {
    if (version < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--version must be 0 or more, not " + version);
    Account account = Account.load(CliContext.of(spec).credentials());
    JsonNode answer = account.withSessionToken(
        sessionId, token -> account.api().get(SessionPaths.of(sessionId, "/versions/" + version), token));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(answer));
    } else {
      spec.commandLine().getErr().println("Session " + sessionId + " at version " + version + " (now at version "
          + answer.path("current_version").asLong() + "):");
      spec.commandLine().getErr().flush();
      out.println(Json.pretty(answer.path("document")));
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }
}
