package org.personacollab.cli.audit;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code persona audit}: the group; on its own it prints its usage as a usage error. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Read a session's audit log from Kafka: the hash-chained events the sequencer records"
          + " (docs/audit-events.md). Reads committed records only."
    },
    subcommands = {VerifyCommand.class, TailCommand.class, CommandLine.HelpCommand.class})
public final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    cli.usage(cli.getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
