package org.personacollab.cli.session;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.SessionPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona session list [--all] [--page N] [--size N] [--json]}: active sessions, newest
 * first ({@code GET /api/sessions?offset&limit&participant}); by default only those the signed-in
 * user takes part in.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    showDefaultValues = true,
    description = "List active sessions, newest first: by default those you take part in.")
public final class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Option(names = "--all", description = "Every active session on the server, not only yours.")
  boolean all;

  @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "Which page (from 1).")
  int page = 1;

  @Option(names = "--size", paramLabel = "N", defaultValue = "20", description = "Sessions per page (1-100).")
  int size = 20;

  @Option(names = "--json", description = "Print the page as the server sends it: {\"sessions\":[...],\"total\",\"offset\",\"limit\"}.")
  boolean json;

  @Override
  public Integer call() {
    if (page < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--page must be 1 or more, not " + page);
    }
    if (size < 1 || size > 100) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--size must be 1-100, not " + size);
    }
    Account account = Account.load(CliContext.of(spec).credentials());
    String query = "?offset=" + (long) (page - 1) * size + "&limit=" + size
        + (all ? "" : "&participant=" + URLEncoder.encode(account.credentials().userId(), StandardCharsets.UTF_8));
    JsonNode answer = account.api().get("/api/sessions" + query, account.userToken());

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(answer));
    } else {
      SessionTable.render(Json.MAPPER.treeToValue(answer, SessionPage.class), account.credentials(), page).forEach(out::println);
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }
}
