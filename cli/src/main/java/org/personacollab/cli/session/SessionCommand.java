package org.personacollab.cli.session;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code persona session}: the group; on its own it prints its usage as a usage error. */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Create, list, join and close workshop sessions (sign in first with 'persona login').",
    subcommands = {
      CreateCommand.class,
      ListCommand.class,
      JoinCommand.class,
      CloseCommand.class,
      HistoryCommand.class,
      ShowCommand.class,
      RestoreCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SessionCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    cli.usage(cli.getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
