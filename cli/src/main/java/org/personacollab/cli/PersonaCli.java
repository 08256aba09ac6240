package org.personacollab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.api.ApiException;
import org.personacollab.cli.audit.AuditCommand;
import org.personacollab.cli.check.CheckCommand;
import org.personacollab.cli.generate.GenerateCommand;
import org.personacollab.cli.login.LoginCommand;
import org.personacollab.cli.session.SessionCommand;
import org.personacollab.cli.up.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code persona} command. Each subcommand is a class of its own in a package of its own
 * ({@code up/UpCommand}, {@code login/LoginCommand}, {@code session/SessionCommand},
 * {@code generate/GenerateCommand}, {@code audit/AuditCommand}, {@code check/CheckCommand}); add new ones to
 * {@code subcommands} below.
 *
 * <p>Exit codes, the same for every subcommand (picocli's {@link CommandLine.ExitCode}): 0 success,
 * 1 failure (one line {@code persona: <what happened and what to do>} on stderr; a
 * {@link CliException}, or an {@link ApiException} carrying the server's problem), 2 wrong usage.
 * A stack trace is shown only with {@code --debug}.
 */
@Command(
    name = "persona",
    mixinStandardHelpOptions = true,
    versionProvider = PersonaCli.VersionProvider.class,
    usageHelpAutoWidth = true,
    description = "Persona Collab: turn UX research into personas, together, in real time.",
    subcommands = {
      UpCommand.class,
      LoginCommand.class,
      SessionCommand.class,
      GenerateCommand.class,
      AuditCommand.class,
      org.personacollab.cli.workshop.VoteCommand.class,
      org.personacollab.cli.workshop.FloorCommand.class,
      CheckCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Start here: persona up   (then open http://localhost:8080/)",
      "A workshop from the terminal:",
      "  persona login --name alice",
      "  persona session create \"Workshop 2025-01-15\" --share",
      "  persona session join <id>",
      "Personas from research, no server needed: persona generate --from examples/",
      "Exit codes: 0 success, 1 failure, 2 wrong usage."
    })
public final class PersonaCli implements Callable<Integer> {

  /** Set by {@code --debug}; also read by the CLI's log4j2.xml. */
  static final String LOG_LEVEL_PROPERTY = "persona.log.level";

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and the CLI's own log on errors.")
  void debug(boolean debug) {
    this.debug = debug;
    if (debug) {
      System.setProperty(LOG_LEVEL_PROPERTY, "info");
    }
  }

  private boolean debug;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where the login and session tokens are kept (default: $PERSONA_CONFIG_DIR,"
          + " else $XDG_CONFIG_HOME/persona, else ~/.config/persona).")
  void configDir(@Nullable Path dir) {
    context.configDir(dir);
  }

  private final CliContext context;

  @Spec CommandSpec spec = CommandSpec.create();

  private PersonaCli(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    // Before anything logs: the CLI's own Log4j configuration (silent unless --debug).
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "classpath:persona-cli-log4j2.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own writers. */
  public static CommandLine commandLine() {
    return commandLine(CliContext.system());
  }

  /** The configured command line reading stdin, environment and home from {@code context}. */
  public static CommandLine commandLine(CliContext context) {
    PersonaCli root = new PersonaCli(context);
    CommandLine cli = new CommandLine(root);
    cli.setExecutionExceptionHandler(root.executionErrors());
    cli.setParameterExceptionHandler(usageErrors());
    return cli;
  }

  /** Standard input, environment and {@code --config-dir}, for the subcommands. */
  CliContext context() {
    return context;
  }

  /** {@code persona} without a subcommand: the usage, on stderr, as a usage error. */
  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    cli.usage(cli.getErr());
    return CommandLine.ExitCode.USAGE;
  }

  private IExecutionExceptionHandler executionErrors() {
    return (Exception ex, CommandLine cmd, ParseResult parseResult) -> {
      PrintWriter err = cmd.getErr();
      if (ex instanceof CliException || ex instanceof ApiException) {
        err.println("persona: " + ex.getMessage());
        if (debug) {
          ex.printStackTrace(err);
        }
        err.flush();
        return ex instanceof CliException cli ? cli.exitCode() : CommandLine.ExitCode.SOFTWARE;
      }
      String message = ex.getMessage() == null ? "" : ": " + ex.getMessage();
      err.println("persona: unexpected " + ex.getClass().getSimpleName() + message
          + (debug ? "" : " (run with --debug for details)"));
      if (debug) {
        ex.printStackTrace(err);
      }
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    };
  }

  private static IParameterExceptionHandler usageErrors() {
    return (ParameterException ex, String[] args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("persona: " + ex.getMessage() + " (see '"
          + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return CommandLine.ExitCode.USAGE;
    };
  }

  /** {@code persona --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "persona " + Version.project(),
        "Kafka " + Version.kafka() + " (the broker that persona up runs)",
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
            + System.getProperty("java.home") + ")"
      };
    }
  }
}
