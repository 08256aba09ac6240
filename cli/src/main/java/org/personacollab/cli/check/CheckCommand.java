package org.personacollab.cli.check;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.ApiClient;
import org.personacollab.cli.api.ServerUrl;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona check [--local] [--json]}: the persona-generation providers, whether each is
 * configured and reachable, its model and which is the default. Asks the signed-in server ({@code
 * GET /api/generation/providers}); with {@code --local}, reads this machine's environment and
 * probes the providers from here, with no server. Exit code 0 when the default provider is
 * reachable, 1 when it is not.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = "Show which generation providers are configured and reachable.")
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Option(names = "--local", description = "Check this machine's environment (OPENAI_API_KEY, OLLAMA_BASE_URL, ...) without a server.")
  boolean local;

  @Option(names = "--json", description = "Print {\"default\":...,\"providers\":[...]} as the server sends it.")
  boolean json;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT3S", description = "How long each --local probe may take (ISO-8601, e.g. PT3S).")
  Duration timeout = Duration.ofSeconds(3);

  @Override
  public Integer call() {
    CliContext context = CliContext.of(spec);
    JsonNode answer;
    if (local) {
      answer = Json.MAPPER.valueToTree(LocalProviders.check(context.env(), timeout));
    } else {
      CredentialsStore store = context.credentials();
      Credentials credentials =
          store.load().orElseThrow(() -> new CliException("not signed in (no " + store.file() + "); run 'persona login' first, or use --local"));
      answer = new ApiClient(ServerUrl.parse(credentials.server()), CliContext.HTTP_TIMEOUT).get("/api/generation/providers", credentials.token());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(answer));
    } else {
      table(answer).forEach(out::println);
    }
    out.flush();
    boolean defaultReachable = false;
    for (JsonNode p : answer.get("providers")) {
      if (p.get("default").asBoolean() && p.get("reachable").asBoolean(false)) defaultReachable = true;
    }
    return defaultReachable ? CommandLine.ExitCode.OK : 1;
  }

  static List<String> table(JsonNode answer) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PROVIDER", "CONFIGURED", "REACHABLE", "MODEL", "DEFAULT", "DETAIL"});
    for (JsonNode p : answer.get("providers")) {
      JsonNode reachable = p.get("reachable");
      rows.add(
          new String[] {
            p.get("name").asString(),
            p.get("configured").asBoolean() ? "yes" : "no",
            reachable == null || reachable.isNull() ? "-" : reachable.asBoolean() ? "yes" : "no",
            p.get("model").asString(),
            p.get("default").asBoolean() ? "*" : "",
            p.get("detail") == null || p.get("detail").isNull() ? "" : p.get("detail").asString()
          });
    }
    int[] widths = new int[6];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length());
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }
}
