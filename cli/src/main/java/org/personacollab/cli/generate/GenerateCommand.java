package org.personacollab.cli.generate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.session.Account;
import org.personacollab.generation.research.ResearchException;
import org.personacollab.generation.research.ResearchLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona generate --from PATH [--session ID] [--count N] [--provider P] [--model M]
 * [--output DIR]}: personas from research files or folders (CSV, JSON, YAML, Markdown, plain
 * text; recursive).
 *
 * <p>Without {@code --session} everything runs here, with no server: the research is loaded and a
 * {@link LocalProvider} ({@code offline} unless another is on the class path) writes the
 * personas. With {@code --session} the files are uploaded to the session's generation endpoint and
 * the text streams from the session's socket, as every participant sees it.
 *
 * <p>Either way standard output gets only the result, indented JSON: one persona object for
 * {@code --count 1}, else an array of them, so that {@code > persona.json} works. Everything else
 * (skipped files, the streamed text or progress line, where files were written) goes to stderr.
 * {@code --output DIR} also writes {@code DIR/persona.json} for one persona, or {@code
 * DIR/persona-1/persona.json}, {@code DIR/persona-2/persona.json}, … for several.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
      "Generate personas from research files: CSV, JSON, YAML, Markdown and plain text, a file or a folder (recursive).",
      "Without --session it runs here with no server (offline generator) and prints the persona JSON.",
      "With --session it uploads the files to that session, streams the text as it is written, then prints the persona.",
    },
    footer = {
      "",
      "Examples:",
      "  persona generate --from examples/",
      "  persona generate --from examples/ --count 3 --output personas/",
      "  persona generate --session k3v9x2m7qa --from data/interviews/",
      "",
      "Standard output gets only the persona JSON (an array for --count above 1); progress goes to stderr.",
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Option(names = "--from", required = true, paramLabel = "PATH",
      description = "A research file, or a folder read recursively (hidden files and a top-level README.md are ignored).")
  Path from;

  @Option(names = "--session", paramLabel = "ID",
      description = "Generate in this session on the server you signed in to (persona login); without it, generate locally.")
  @Nullable String session;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1",
      description = "How many personas, 1 to 5 (default: ${DEFAULT-VALUE}).")
  int count = 1;

  @Option(names = "--provider", paramLabel = "P",
      description = "The generator: offline (default). Locally only offline is available in this version;"
          + " with --session, any provider the server has.")
  @Nullable String provider;

  @Option(names = "--model", paramLabel = "M", description = "The provider's model (default: the provider's own).")
  @Nullable String model;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Also write DIR/persona.json (one persona) or DIR/persona-N/persona.json (several).")
  @Nullable Path output;

  @Option(names = {"-q", "--quiet"},
      description = "With --session: show a progress line instead of the streamed text.")
  boolean quiet;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "With --session: how long to wait for the result (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 300;

  /** The research limits of local mode (the server applies its own to an upload as well). */
  ResearchLimits limits = ResearchLimits.defaults();

  /** The clock of the offline generator's {@code generated_at}. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    if (count < 1 || count > 5) {
      throw new CommandLine.ParameterException(cli, "--count must be from 1 to 5, not " + count);
    }
    if (timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(cli, "--timeout must be 1 or more, not " + timeoutSeconds);
    }
    if (session != null && !session.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new CommandLine.ParameterException(cli, "--session must be a session id such as k3v9x2m7qa, not '" + session + "'");
    }
    PrintWriter out = cli.getOut();
    PrintWriter err = cli.getErr();
    if (!Files.exists(from)) {
      throw new CliException("there is no file or folder " + from + "; give --from a research file or folder");
    }
    ResearchInput input = ResearchInput.load(from, limits, err);

    JsonNode result = session == null ? local(input) : remote(input, err);
    out.println(Json.pretty(result));
    out.flush();
    if (output != null) {
      write(result, output, err);
    }
    return CommandLine.ExitCode.OK;
  }

  private JsonNode local(ResearchInput input) {
    LocalProvider generator = LocalProviders.discover(clock).get(provider);
    List<Map<String, Object>> personas;
    try {
      personas = generator.generate(input.bundle(), count, model);
    } catch (ResearchException e) {
      throw new CliException("cannot generate from " + input.root() + ": " + e.getMessage() + " (" + e.code() + ")", e);
    }
    if (personas.size() < count) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("persona: " + personas.size() + " of " + count + " personas: the research has too few participants for more");
      err.flush();
    }
    return count == 1 ? Json.MAPPER.valueToTree(personas.get(0)) : Json.MAPPER.valueToTree(personas);
  }

  private JsonNode remote(ResearchInput input, PrintWriter err) {
    Account account = Account.load(CliContext.of(spec).credentials());
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("count", Integer.toString(count));
    if (provider != null) fields.put("provider", provider);
    if (model != null) fields.put("model", model);
    return new RemoteGeneration(account, session, Duration.ofSeconds(timeoutSeconds), err, quiet, System::nanoTime)
        .run(input, fields, count);
  }

  /** {@code DIR/persona.json} for one persona, {@code DIR/persona-N/persona.json} for each of several. */
  private static void write(JsonNode result, Path dir, PrintWriter err) {
    List<JsonNode> personas = new ArrayList<>();
    if (result.isArray()) result.forEach(personas::add); else personas.add(result);
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < personas.size(); i++) {
        Path file = result.isArray() ? dir.resolve("persona-" + (i + 1)).resolve("persona.json") : dir.resolve("persona.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.pretty(personas.get(i)) + "\n");
        err.println("Wrote " + file);
      }
      err.flush();
    } catch (IOException e) {
      throw new CliException("cannot write the personas to " + dir + ": " + e.getMessage(), e);
    }
  }
}
