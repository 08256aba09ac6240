package org.personacollab.cli.workshop;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.Json;
import org.personacollab.protocol.frame.ClientFrame;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every workshop command has, and how it runs: one frame, then the state after it. */
abstract class WorkshopOptions {
  @Spec CommandSpec spec = CommandSpec.create();

  @Option(names = "--json", description = "Print the workshop state (the document's _workshop) as one JSON object instead of text.")
  boolean json;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
      description = "How long to wait for the session and for the answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 15;

  /** Sends {@code frame} (none: only reads) to session {@code sessionId} and prints the state after it. */
  int run(String sessionId, @Nullable ClientFrame frame, boolean floorView) {
    if (timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 1 or more, not " + timeoutSeconds);
    }
    WorkshopSession.Result result =
        WorkshopSession.run(CliContext.of(spec).credentials(), sessionId, frame, Duration.ofSeconds(timeoutSeconds));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(result.workshop()));
    } else {
      List<String> lines = floorView
          ? WorkshopText.floor(result.workshop(), System.currentTimeMillis())
          : WorkshopText.votes(result.workshop(), result.user());
      lines.forEach(out::println);
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  /** A VALUE argument: JSON when it is JSON, otherwise the text itself (as in {@code session join}). */
  static tools.jackson.databind.JsonNode value(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (RuntimeException e) {
      return Json.MAPPER.getNodeFactory().stringNode(text);
    }
  }
}
