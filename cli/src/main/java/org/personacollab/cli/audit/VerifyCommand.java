package org.personacollab.cli.audit;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code persona audit verify --session ID [--json]}: reads the session's audit events from the
 * first to the current end of the topic and checks their hash chain with {@code AuditChain.verify}.
 * Exit 0 with the count and head when it holds; exit 1 naming the first event that does not follow
 * (with {@code --json} the same as an object on stdout, {@code "intact": false}).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
      "Check a session's audit log: every event from the first in order, each one's hash over its"
          + " content, and each one's prevhash equal to the hash before it.",
      "Prints the number of events and the head (sequence and hash; keep it elsewhere to detect a"
          + " rewritten log later), or the first event that breaks the chain and why (exit code 1)."
    },
    footer = {"", "Example: persona audit verify --session k3v9x2m7qa --bootstrap localhost:9092"})
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Mixin SessionOption session = new SessionOption();

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Verification result;
    try (AuditLog log = AuditLog.open(kafka)) {
      List<AuditRecord> records = log.readAll(session.sessionId);
      if (records.isEmpty()) {
        throw new CliException("no audit events of session " + session.sessionId + " in " + log.topic() + " at "
            + kafka.bootstrap + " (check the session id, and --topic-prefix)");
      }
      result = Verification.of(session.sessionId, log.topic(), records);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(result.toJson()));
      out.flush();
    }
    if (result.intact()) {
      if (!json) {
        out.println("The audit chain of session " + result.session() + " is intact: " + result.events()
            + (result.events() == 1 ? " event" : " events") + " in " + result.topic() + ".");
        out.println("Head: sequence " + result.head().sequence() + ", hash " + result.head().hash());
        out.flush();
      }
      return CommandLine.ExitCode.OK;
    }
    Verification.Broken broken = result.broken();
    throw new CliException("the audit chain of session " + result.session() + " is broken at event " + broken.id()
        + " (sequence " + broken.sequence() + ", partition " + broken.partition() + " offset " + broken.offset() + "): "
        + broken.reason() + "; the " + result.intactBefore() + (result.intactBefore() == 1 ? " event" : " events")
        + " before it are intact");
  }
}
