package org.personacollab.generation.research;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV to records and "column: value" text.
 *
 * <p>A small RFC 4180 reader of our own rather than jackson-dataformat-csv, because the rules we
 * want are easier to state than to configure: the delimiter is sniffed from the header ({@code ,},
 * {@code ;} as spreadsheets in many locales export, or tab); quoted fields may hold delimiters,
 * doubled quotes and line breaks; blank rows are skipped; a row with more non-empty cells than the
 * header is an error naming its line, not a silent truncation; a row with fewer cells gets {@code
 * ""} for the rest. A quote inside an unquoted field is kept as a character.
 */
final class CsvNormaliser {

  private CsvNormaliser() {}

  static ResearchDocument normalise(String source, String text) {
    char delimiter = sniffDelimiter(text);
    List<Row> rows = read(source, text, delimiter);
    if (rows.isEmpty()) {
      throw new ResearchException(ResearchException.EMPTY, source + " has no rows");
    }
    List<String> header = header(rows.get(0).cells());
    List<Map<String, String>> records = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    for (Row row : rows.subList(1, rows.size())) {
      List<String> cells = row.cells();
      for (int i = header.size(); i < cells.size(); i++) {
        if (!cells.get(i).isBlank()) {
          throw TextDecoding.unreadable(
              source,
              "line "
                  + row.line()
                  + " has "
                  + cells.size()
                  + " fields but the header has "
                  + header.size());
        }
      }
      Map<String, String> record = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String value = i < cells.size() ? cells.get(i).strip() : "";
        record.put(header.get(i), value);
        if (!value.isEmpty()) {
          out.append(header.get(i)).append(": ").append(TextDecoding.collapseWhitespace(value));
          out.append('\n');
        }
      }
      out.append('\n');
      records.add(record);
    }
    String normalised = out.toString().strip();
    if (normalised.isEmpty()) {
      throw new ResearchException(ResearchException.EMPTY, source + " has a header but no data");
    }
    return new ResearchDocument(source, ResearchFormat.CSV, normalised + "\n", records);
  }

  private record Row(int line, List<String> cells) {}

  /** The most frequent of {@code , ; TAB} outside quotes on the first line; comma on a tie. */
  private static char sniffDelimiter(String text) {
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == '\n') {
          if (commas + semicolons + tabs > 0) {
            break;
          }
        } else if (c == ',') {
          commas++;
        } else if (c == ';') {
          semicolons++;
        } else if (c == '\t') {
          tabs++;
        }
      }
    }
    if (semicolons > commas && semicolons >= tabs) {
      return ';';
    }
    return tabs > commas ? '\t' : ',';
  }

  private static List<Row> read(String source, String text, char delimiter) {
    List<Row> rows = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int line = 1;
    int rowLine = 1;
    int quoteLine = 0;
    boolean quoted = false;
    boolean cellStarted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"' && !cellStarted) {
        quoted = true;
        cellStarted = true;
        quoteLine = line;
      } else if (c == delimiter) {
        cells.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
      } else if (c == '\n') {
        cells.add(cell.toString());
        addRow(rows, rowLine, cells);
        cells = new ArrayList<>();
        cell.setLength(0);
        cellStarted = false;
        line++;
        rowLine = line;
      } else {
        if (!Character.isWhitespace(c)) {
          cellStarted = true;
        }
        cell.append(c);
      }
    }
    if (quoted) {
      throw TextDecoding.unreadable(
          source, "has a quoted field starting on line " + quoteLine + " that never ends");
    }
    cells.add(cell.toString());
    addRow(rows, rowLine, cells);
    return rows;
  }

  private static void addRow(List<Row> rows, int line, List<String> cells) {
    for (String value : cells) {
      if (!value.isBlank()) {
        rows.add(new Row(line, List.copyOf(cells)));
        return;
      }
    }
  }

  /** Trimmed header names; a blank one becomes {@code column_N}, a repeated one gets {@code _2}. */
  private static List<String> header(List<String> cells) {
    List<String> names = new ArrayList<>(cells.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < cells.size(); i++) {
      String name = TextDecoding.collapseWhitespace(cells.get(i));
      if (name.isEmpty()) {
        name = "column_" + (i + 1);
      }
      String unique = name;
      for (int n = 2; !seen.add(unique); n++) {
        unique = name + "_" + n;
      }
      names.add(unique);
    }
    return names;
  }
}
