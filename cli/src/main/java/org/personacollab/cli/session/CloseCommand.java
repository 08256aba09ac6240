package org.personacollab.cli.session;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.SessionSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona session close ID [--json]}: closes a session ({@code POST
 * /api/sessions/{id}/close}, facilitators only) with the stored session token, renewed by joining
 * again if it has expired; forgets the token afterwards.
 */
@Command(
    name = "close",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Close a session (facilitators only): everyone connected is told and disconnected, and it can"
          + " no longer be joined or changed. Its participants can still read it."
    })
public final class CloseCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "ID", description = "The session's id (see 'persona session list').")
  String sessionId = "";

  @Option(names = "--json", description = "Print the closed session as the server sends it.")
  boolean json;

  @Override
  public Integer call() {
    Account account = Account.load(CliContext.of(spec).credentials());
    JsonNode closed = account.withSessionToken(
        sessionId, token -> account.api().post(SessionPaths.of(sessionId, "/close"), token, null));
    account.forget(sessionId);

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(closed));
    } else {
      SessionSummary session = Json.MAPPER.treeToValue(closed, SessionSummary.class);
      out.println("Closed session " + session.id() + " \"" + session.name() + "\""
          + (session.closedAt() == null ? "." : " at " + session.closedAt() + "."));
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }
}
