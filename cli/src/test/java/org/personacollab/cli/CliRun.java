package org.personacollab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** The outcome of one {@code persona ...} run inside the test JVM: exit code and both streams. */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code persona args} as the real main would, but with captured output. */
  public static CliRun run(String... args) {
    CommandLine cli = PersonaCli.commandLine();
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
