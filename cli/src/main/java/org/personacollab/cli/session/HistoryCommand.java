package org.personacollab.cli.session;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
 * {@code persona session history ID [--limit N] [--before V] [--json]}: a session's versions, newest
 * first, with who made each change, when, and what it was ({@code GET
 * /api/sessions/{id}/history}).
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {"List a session's versions, newest first: who changed what, and when."})
public final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
  String sessionId = "";

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many versions (1-200, default 20).")
  int limit = 20;

  @Option(names = "--before", paramLabel = "V", description = "Only versions older than V (the next page).")
  @Nullable Long before;

  @Option(names = "--json", description = "Print the page as the server sends it.")
  boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 200) throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1-200, not " + limit);
    if (before != null && before < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--before must be 0 or more, not " + before);
    Account account = Account.load(CliContext.of(spec).credentials());
    String query = "?limit=" + limit + (before == null ? "" : "&before=" + before);
    JsonNode page = account.withSessionToken(sessionId, token -> account.api().get(SessionPaths.of(sessionId, "/history" + query), token));

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(page));
      out.flush();
      return CommandLine.ExitCode.OK;
    }
    long earliest = page.path("earliest").asLong();
    boolean persist = page.path("persist_history").asBoolean(true);
    out.println("Session " + sessionId + " is at version " + page.path("version").asLong() + "; "
        + (earliest == 0 ? "its history is complete." : "its history starts at version " + earliest
            + (persist ? "." : " (the server keeps only recent changes: persist_history is false).")));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"VERSION", "TIME", "WHO", "CHANGE"});
    for (JsonNode entry : page.path("versions")) {
      String who = entry.path("name").isString() ? entry.path("name").asString() : entry.path("user_id").asString();
      String kind = entry.path("kind").asString("participant");
      rows.add(new String[] {
        Long.toString(entry.path("version").asLong()),
        entry.path("time").asString(),
        kind.equals("participant") ? who : who + " (" + kind + ")",
        entry.path("summary").asString()
      });
    }
    if (rows.size() == 1) {
      out.println("No changes" + (before == null ? " yet." : " before version " + before + "."));
    } else {
      table(out, rows);
    }
    if (page.path("next_before").isNumber()) {
      out.println("Older: persona session history " + sessionId + " --before " + page.path("next_before").asLong());
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  static void table(PrintWriter out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
