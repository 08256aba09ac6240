package org.personacollab.cli.workshop;

import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Floor;
import org.personacollab.protocol.frame.Lock;
import org.personacollab.protocol.frame.Turns;
import org.personacollab.protocol.frame.Unlock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/** {@code persona floor show|on|off|pass|give|lock|unlock}: turn-based editing and field locks. */
@Command(
    name = "floor",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Turn-based editing (facilitator: on, off, give; the holder: pass) and field locks.",
    subcommands = {
      FloorCommand.Show.class,
      FloorCommand.On.class,
      FloorCommand.Off.class,
      FloorCommand.Pass.class,
      FloorCommand.Give.class,
      FloorCommand.LockCmd.class,
      FloorCommand.UnlockCmd.class,
      CommandLine.HelpCommand.class
    })
public final class FloorCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** Builds the frame, turning a frame's refusal of its arguments into a usage error. */
  abstract static class FrameCommand extends WorkshopOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION") String session = "";

    abstract @Nullable ClientFrame frame();

    @Override
    public Integer call() {
      ClientFrame frame;
      try {
        frame = frame();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      return run(session, frame, true);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Who has the floor, the round, the locks.")
  static final class Show extends FrameCommand {
    @Override
    @Nullable ClientFrame frame() {
      return null;
    }
  }

  @Command(name = "on", mixinStandardHelpOptions = true,
      description = "Switch turn-based editing on (facilitator): only the holder may change the covered fields.",
      footer = {"", "Example: persona floor on k3v9x2m7qa --order dev:alice,dev:bob --fields goals --turn-seconds 120"})
  static final class On extends FrameCommand {
    @Option(names = "--order", split = ",", required = true, paramLabel = "USER", description = "The round: user ids, comma-separated.")
    List<String> order = List.of();
    @Option(names = "--fields", split = ",", paramLabel = "PATH", description = "Fields the floor covers (default: all).")
    @Nullable List<String> fields;
    @Option(names = "--turn-seconds", paramLabel = "N", description = "Pass the floor on after N seconds.") @Nullable Integer turnSeconds;
    @Option(names = "--holder", paramLabel = "USER", description = "Who starts (default: the first of the order).") @Nullable String holder;

    @Override
    ClientFrame frame() {
      ArrayNode f = null;
      if (fields != null) {
        f = org.personacollab.cli.Json.MAPPER.createArrayNode();
        for (String path : fields) f.add(path);
      }
      return new Turns(true, order, holder, f, turnSeconds);
    }
  }

  @Command(name = "off", mixinStandardHelpOptions = true, description = "Back to free editing (facilitator).")
  static final class Off extends FrameCommand {
    @Override
    ClientFrame frame() {
      return new Turns(false, null, null, null, null);
    }
  }

  @Command(name = "pass", mixinStandardHelpOptions = true, description = "Pass the floor (its holder): to the next in the round, or --to someone.")
  static final class Pass extends FrameCommand {
    @Option(names = "--to", paramLabel = "USER") @Nullable String to;

    @Override
    ClientFrame frame() {
      return new Floor("pass", to);
    }
  }

  @Command(name = "give", mixinStandardHelpOptions = true, description = "Give the floor to USER (facilitator).")
  static final class Give extends FrameCommand {
    @Parameters(index = "1", paramLabel = "USER") String to = "";

    @Override
    ClientFrame frame() {
      return new Floor("give", to);
    }
  }

  @Command(name = "lock", mixinStandardHelpOptions = true, description = "Lock the field at PATH for yourself (facilitator: --for someone).")
  static final class LockCmd extends FrameCommand {
    @Parameters(index = "1", paramLabel = "PATH") String path = "";
    @Option(names = "--for", paramLabel = "USER") @Nullable String forUser;

    @Override
    ClientFrame frame() {
      return new Lock(org.personacollab.cli.Json.MAPPER.getNodeFactory().stringNode(path), forUser);
    }
  }

  @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Lift the lock on PATH (its holder or the facilitator).")
  static final class UnlockCmd extends FrameCommand {
    @Parameters(index = "1", paramLabel = "PATH") String path = "";

    @Override
    ClientFrame frame() {
      return new Unlock(org.personacollab.cli.Json.MAPPER.getNodeFactory().stringNode(path));
    }
  }
}
