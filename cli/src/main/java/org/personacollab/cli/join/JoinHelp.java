package org.personacollab.cli.join;

/**
 * The commands of the terminal participant in one constant, so that {@code help} inside a session
 * and {@code persona session join --help} show the same text (picocli's footer needs a
 * compile-time constant; lines are separated by {@code %n}, picocli's line break).
 */
public final class JoinHelp {
  /** The command list, lines separated by {@code %n}. */
  public static final String TEXT = "Commands, one per line:%n"
      + "  set PATH VALUE   set a field: set demographics.age 34 / set name Ada Lovelace%n"
      + "  add PATH VALUE   append to a list (made if missing): add goals Ship faster%n"
      + "  unset PATH       remove a field or a list item: unset goals[1]%n"
      + "  show [PATH]      print the persona, or one field of it%n"
      + "  who              who is here%n"
      + "  help             this list%n"
      + "  quit             leave (also: exit, end of input, Ctrl-D)%n"
      + "PATH: fields joined by dots, list items by number: demographics.age, goals[2]%n"
      + "VALUE: JSON (34, true, null, \"text\", [\"a\"], {...}), else plain text";

  private JoinHelp() {}
}
