package org.personacollab.generation.research;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One input file normalised to text, with its source named, plus structured records where the
 * format has them.
 *
 * <p>{@code source} is the file's path relative to the folder that was loaded, with {@code /}
 * separators ({@code "transcripts/p02-interview.txt"}), or the upload's name: never an absolute
 * path, so that output that cites it is the same on every machine.
 *
 * <p>{@code records} keep their keys in input order. What a record is depends on the format:
 *
 * <ul>
 *   <li>CSV: one per data row, header name to cell value (a missing cell is {@code ""});
 *   <li>JSON and YAML: one per object found in an array of objects, nested values flattened to key
 *       paths such as {@code ratings.importance_speed} and {@code tools_used[0]};
 *   <li>MARKDOWN: one per list item, paragraph or table row: {@code section} (the heading path,
 *       {@code "Goals > Parents"}), {@code kind} and {@code text};
 *   <li>TEXT: one per speaker turn or unlabelled paragraph: {@code turn}, {@code speaker}, {@code
 *       role} ({@code interviewer}, {@code participant} or {@code other}), {@code participant}
 *       (present for participant turns) and {@code text}.
 * </ul>
 *
 * @param source where the text came from, never blank
 * @param format the format it was parsed as
 * @param text the whole file as normalised text: LF line endings, no BOM, never blank
 * @param records the structured records, possibly empty
 */
public record ResearchDocument(
    String source, ResearchFormat format, String text, List<Map<String, String>> records) {

  public ResearchDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(records, "records");
    if (source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("text of " + source + " must not be blank");
    }
    List<Map<String, String>> copies = new ArrayList<>(records.size());
    for (Map<String, String> record : records) {
      Map<String, String> copy = new LinkedHashMap<>();
      record.forEach(
          (key, value) ->
              copy.put(
                  Objects.requireNonNull(key, "record key"),
                  Objects.requireNonNull(value, () -> "value of " + key)));
      copies.add(Collections.unmodifiableMap(copy));
    }
    records = List.copyOf(copies);
  }
}
