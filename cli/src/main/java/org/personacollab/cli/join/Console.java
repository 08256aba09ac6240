package org.personacollab.cli.join;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The participant's output: whole lines, from any thread, never interleaved. Until
 * {@link #open()} lines are held back, so that changes arriving while the persona is first printed
 * come after it, not in the middle.
 */
final class Console {
  private final PrintWriter out;
  private final PrintWriter err;
  private @Nullable List<String> held = new ArrayList<>();

  Console(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** Prints a line now, even before {@link #open()} (the first printout). */
  synchronized void now(String line) {
    out.println(line);
    out.flush();
  }

  /** Prints a line, or holds it until {@link #open()}. */
  synchronized void line(String line) {
    if (held != null) {
      held.add(line);
    } else {
      now(line);
    }
  }

  /** Prints a problem with a command on stderr, prefixed like every CLI error. */
  synchronized void problem(String message) {
    err.println("persona: " + message);
    err.flush();
  }

  /** Prints what was held back; from now on lines go out at once. */
  synchronized void open() {
    List<String> pending = held;
    held = null;
    if (pending != null) {
      pending.forEach(this::now);
    }
  }
}
