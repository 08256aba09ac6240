package org.personacollab.cli.audit;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code persona audit tail --session ID [--from-beginning] [-n N] [--json]}: follows the session's
 * audit log, one line per event as it is committed, checking the chain as it goes (a line that
 * breaks it is followed by a warning on stderr). Runs until Ctrl-C, or {@code -n} events.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
      "Follow a session's audit log: one line per event (sequence, time, type, who, what, hash) as"
          + " events are committed, until Ctrl-C.",
      "Each event is checked against the one before it; one that breaks the chain is reported on stderr."
    },
    footer = {"", "Example: persona audit tail --session k3v9x2m7qa --from-beginning"})
public final class TailCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Mixin SessionOption session = new SessionOption();

  @Option(names = "--from-beginning", description = "Start with the session's first event (default: only new ones).")
  boolean fromBeginning;

  @Option(names = {"-n", "--max-events"}, paramLabel = "N", description = "Stop after N events.")
  @Nullable Long maxEvents;

  @Option(names = "--json", description = "Print each event as it is on the topic (one CloudEvent JSON per line).")
  boolean json;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Override
  public Integer call() {
    if (maxEvents != null && maxEvents < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-events must be 1 or more, not " + maxEvents);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ChainCheck chain = fromBeginning ? ChainCheck.fromGenesis() : ChainCheck.fromAnywhere();
    AtomicLong shown = new AtomicLong();
    try (AuditLog log = AuditLog.open(kafka)) {
      Thread stopOnExit = new Thread(log::wakeup, "persona-audit-tail-stop");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      try {
        log.follow(session.sessionId, fromBeginning, record -> {
          print(record, chain, out, err);
          return maxEvents == null || shown.incrementAndGet() < maxEvents;
        });
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it has woken the consumer up already
        }
      }
    }
    return CommandLine.ExitCode.OK;
  }

  private void print(AuditRecord record, ChainCheck chain, PrintWriter out, PrintWriter err) {
    if (record.event() == null) {
      out.println(json ? record.raw() : "? (partition " + record.partition() + " offset " + record.offset() + ": not JSON)");
      out.flush();
      err.println("persona: the record at partition " + record.partition() + " offset " + record.offset()
          + " is not a JSON object: the chain is broken there");
      err.flush();
      return;
    }
    out.println(json ? record.raw() : EventLine.of(record.event()));
    out.flush();
    String broken = chain.next(record.event());
    if (broken != null) {
      err.println("persona: event " + record.event().path("id").asString("?") + " breaks the chain: " + broken);
      err.flush();
    }
  }
}
