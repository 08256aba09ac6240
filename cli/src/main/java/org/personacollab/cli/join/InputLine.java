package org.personacollab.cli.join;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One line of input to the terminal participant, parsed. Blank lines and lines starting with
 * {@code #} do nothing, so a script can carry comments.
 *
 * <pre>
 * set demographics.age 34       Set(["demographics","age"], 34)
 * set name Ada Lovelace         Set(["name"], "Ada Lovelace")
 * add goals "Ship faster"       Add(["goals"], "Ship faster")
 * unset notes                   Unset(["notes"])
 * show / show goals             Show(null) / Show(["goals"])
 * who, help, quit (exit)        Who, Help, Quit
 * sett name x                   Invalid("unknown command 'sett'; type help")
 * </pre>
 */
sealed interface InputLine {

  /** The commands, as {@code help} prints them. */
  List<String> HELP = List.of(JoinHelp.TEXT.split("%n"));

  /** Sets a field. */
  record Set(List<Object> path, @Nullable Object value) implements InputLine {}

  /** Appends to a list. */
  record Add(List<Object> path, @Nullable Object value) implements InputLine {}

  /** Removes a field or list item. */
  record Unset(List<Object> path) implements InputLine {}

  /** Prints the persona ({@code path} null) or one field. */
  record Show(@Nullable List<Object> path) implements InputLine {}

  /** Prints who is here. */
  record Who() implements InputLine {}

  /** Prints the commands. */
  record Help() implements InputLine {}

  /** Leaves the session. */
  record Quit() implements InputLine {}

  /** Nothing to do: a blank line or a comment. */
  record Blank() implements InputLine {}

  /** A line that is not a command; {@code message} says why. */
  record Invalid(String message) implements InputLine {}

  /** Parses one line; never throws. */
  static InputLine parse(String line) {
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return new Blank();
    }
    String[] parts = text.split("\\s+", 3);
    String word = parts[0].toLowerCase(Locale.ROOT);
    try {
      return switch (word) {
        case "set" -> new Set(path(parts, word), ValueText.parse(parts[2]));
        case "add" -> new Add(path(parts, word), ValueText.parse(parts[2]));
        case "unset", "rm" -> new Unset(noValue(parts, word));
        case "show" -> new Show(parts.length == 1 ? null : FieldPath.parse(text.substring(parts[0].length())));
        case "who" -> new Who();
        case "help", "?" -> new Help();
        case "quit", "exit", "q" -> new Quit();
        default -> new Invalid("unknown command '" + parts[0] + "'; type help for the list");
      };
    } catch (EditException e) {
      return new Invalid(e.getMessage());
    }
  }

  private static List<Object> path(String[] parts, String word) {
    if (parts.length < 3) {
      throw new EditException("usage: " + word + " PATH VALUE, e.g. " + word
          + ("set".equals(word) ? " demographics.age 34" : " goals Ship faster"));
    }
    return FieldPath.parse(parts[1]);
  }

  private static List<Object> noValue(String[] parts, String word) {
    if (parts.length != 2) {
      throw new EditException("usage: " + word + " PATH, e.g. " + word + " demographics.age");
    }
    return FieldPath.parse(parts[1]);
  }
}
