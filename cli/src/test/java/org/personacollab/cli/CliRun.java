package org.personacollab.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The outcome of one {@code persona ...} run inside the test JVM: exit code and both streams. */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code persona args} as the real main would, but with captured output. */
  public static CliRun run(String... args) {
    return run(PersonaCli.commandLine(), args);
  }

  /** Runs {@code persona args} with {@code stdin} as its input, and no environment. */
  public static CliRun withInput(String stdin, String... args) {
    CliContext context = new CliContext(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), Path.of(System.getProperty("java.io.tmpdir")));
    return run(PersonaCli.commandLine(context), args);
  }

  private static CliRun run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The non-empty lines written to stderr. */
  public List<String> errLines() {
    return err.lines().filter(line -> !line.isBlank()).toList();
  }
}
