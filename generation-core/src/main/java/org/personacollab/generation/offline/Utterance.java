package org.personacollab.generation.offline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sentence of the research, verbatim (whitespace collapsed), with who said it and where.
 *
 * @param order position in the whole input, for stable ordering
 * @param text the sentence
 * @param participant the participant's id, or null when the sentence cannot be tied to one
 * @param source the document's source
 * @param field the column, key path or section it came from; empty for transcript turns
 * @param kind whether a participant said it or a researcher wrote it
 * @param hint the category its field is named for, if any ({@code biggest_frustration})
 * @param quoteField whether its field is named for quotes ({@code quote}, {@code verbatim})
 */
record Utterance(
    int order,
    String text,
    @Nullable String participant,
    String source,
    String field,
    Kind kind,
    @Nullable Category hint,
    boolean quoteField) {

  /** Who produced the sentence. */
  enum Kind {
    /** A participant's own words: a transcript turn, a free-text answer, a quoted verbatim. */
    SPOKEN,
    /** A researcher's note or observation about participants. */
    NOTE
  }

  Utterance {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(kind, "kind");
  }
}
