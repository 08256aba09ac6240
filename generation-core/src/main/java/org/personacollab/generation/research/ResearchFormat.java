package org.personacollab.generation.research;

import java.util.Locale;
import java.util.Optional;

/** The input formats the loader understands, chosen by file extension (case-insensitive). */
public enum ResearchFormat {
  /** {@code .csv}: a header row, then one record per row. */
  CSV,
  /** {@code .json}: arrays of objects become records; everything is flattened to text. */
  JSON,
  /** {@code .yaml}, {@code .yml}: as JSON; several documents in one file are allowed. */
  YAML,
  /** {@code .md}, {@code .markdown}: headings kept as context, list items as sentences. */
  MARKDOWN,
  /** {@code .txt}, {@code .text}: notes or transcripts with speaker-labelled lines. */
  TEXT;

  /**
   * The format for a file name or path, by its extension: {@code "notes/P3.TXT"} is {@link #TEXT};
   * {@code "report.docx"}, {@code "csv"} (no dot) and {@code ".csv"} (a hidden file with no
   * extension) are empty.
   */
  public static Optional<ResearchFormat> fromFileName(String name) {
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    if (dot <= 0 || dot == base.length() - 1) {
      return Optional.empty();
    }
    switch (base.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "csv":
        return Optional.of(CSV);
      case "json":
        return Optional.of(JSON);
      case "yaml":
      case "yml":
        return Optional.of(YAML);
      case "md":
      case "markdown":
        return Optional.of(MARKDOWN);
      case "txt":
      case "text":
        return Optional.of(TEXT);
      default:
        return Optional.empty();
    }
  }
}
