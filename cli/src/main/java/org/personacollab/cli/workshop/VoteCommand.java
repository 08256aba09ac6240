package org.personacollab.cli.workshop;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.frame.CloseVote;
import org.personacollab.protocol.frame.Propose;
import org.personacollab.protocol.frame.Vote;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code persona vote list|propose|cast|close}: votes in a session (docs/workshop.md). */
@Command(
    name = "vote",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Propose values for a field, vote, and (facilitator) close a vote; the winner goes into the persona.",
    subcommands = {
      VoteCommand.List.class,
      VoteCommand.ProposeCmd.class,
      VoteCommand.Cast.class,
      VoteCommand.Close.class,
      CommandLine.HelpCommand.class
    })
public final class VoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the session's votes: proposals, counts, your vote, results.")
  static final class List extends WorkshopOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION") String session = "";

    @Override
    public Integer call() {
      return run(session, null, false);
    }
  }

  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = "Propose VALUE for the field at PATH (joins the open vote on it, or opens one).",
      footer = {"", "Examples:", "  persona vote propose k3v9x2m7qa demographics.age 34",
          "  persona vote propose k3v9x2m7qa --candidates      # the generation's candidate personas"})
  static final class ProposeCmd extends WorkshopOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION") String session = "";
    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "The field, e.g. demographics.age.") @Nullable String path;
    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "JSON when it is JSON, otherwise text.") @Nullable String value;
    @Option(names = "--vote", paramLabel = "VOTE", description = "Join this vote (e.g. v1).") @Nullable String vote;
    @Option(names = "--candidates", description = "Propose every candidate persona of the last generation (metadata.candidates).") boolean candidates;

    @Override
    public Integer call() {
      Propose frame;
      try {
        if (candidates) {
          if (path != null) throw new IllegalArgumentException("--candidates takes no PATH or VALUE");
          frame = new Propose(null, null, vote, true);
        } else {
          if (path == null || value == null) throw new IllegalArgumentException("give PATH and VALUE, or --candidates");
          frame = new Propose(Json.node(path), value(value), vote, null);
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      return run(session, frame, false);
    }
  }

  @Command(name = "cast", mixinStandardHelpOptions = true, description = "Vote for PROPOSAL (e.g. p2); voting again changes your vote.")
  static final class Cast extends WorkshopOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION") String session = "";
    @Parameters(index = "1", paramLabel = "PROPOSAL") String proposal = "";

    @Override
    public Integer call() {
      Vote frame;
      try {
        frame = new Vote(proposal);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      return run(session, frame, false);
    }
  }

  @Command(name = "close", mixinStandardHelpOptions = true,
      description = "Close VOTE (facilitator); the winner is applied. --winner picks among tied proposals under the tie rule facilitator.")
  static final class Close extends WorkshopOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION") String session = "";
    @Parameters(index = "1", paramLabel = "VOTE") String vote = "";
    @Option(names = "--winner", paramLabel = "PROPOSAL") @Nullable String winner;

    @Override
    public Integer call() {
      CloseVote frame;
      try {
        frame = new CloseVote(vote, winner);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      return run(session, frame, false);
    }
  }

  /** Paths as the frames take them: a dotted string. */
  static final class Json {
    static tools.jackson.databind.JsonNode node(String path) {
      return org.personacollab.cli.Json.MAPPER.getNodeFactory().stringNode(path);
    }
  }
}
