package org.personacollab.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table written as text in a test, so that the expectations read as a specification: the first
 * line names the columns, cells are separated by {@code |}, blank lines are skipped.
 */
final class Table {
  private Table() {}

  static List<Map<String, String>> parse(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<String> columns = cells(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = cells(line);
      if (cells.size() != columns.size()) throw new IllegalArgumentException("row has " + cells.size() + " cells, not " + columns.size() + ": " + line);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) row.put(columns.get(i), cells.get(i));
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    return Arrays.stream(line.split("\\|")).map(String::strip).toList();
  }

  /** An expected answer: an HTTP status (or a word such as {@code applied}) and a code, e.g. {@code 403 forbidden}. */
  record Expect(String outcome, String code) {
    static Expect of(String cell) {
      String[] parts = cell.split("\\s+", 2);
      return new Expect(parts[0], parts.length > 1 ? parts[1] : "");
    }

    int status() {
      return Integer.parseInt(outcome);
    }

    /** A 2xx or 101 status, or an outcome word that is not a refusal. */
    boolean allowed() {
      return outcome.chars().allMatch(Character::isDigit) ? status() < 300 : !outcome.equals("nack") && !outcome.equals("error");
    }

    @Override
    public String toString() {
      return code.isEmpty() ? outcome : outcome + " " + code;
    }
  }
}
