package org.personacollab.cli.join;

import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.OtException;

/**
 * The value of a {@code set} or {@code add} line: JSON when it is JSON, text otherwise, so that
 * the common cases need no quotes.
 *
 * <pre>
 * 34                  the number 34
 * "34"                the text 34
 * Ada Lovelace        the text "Ada Lovelace"
 * "Ada"               the text "Ada"
 * ["a", "b"]          a list
 * {"city": "Łódź"}    an object
 * true, null          a boolean, JSON null
 * </pre>
 */
final class ValueText {
  private ValueText() {}

  static @Nullable Object parse(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      throw new EditException("give a value, e.g. set demographics.age 34 or set name Ada Lovelace");
    }
    try {
      return JsonCodec.parse(value);
    } catch (OtException notJson) {
      if (value.startsWith("\"") || value.startsWith("{") || value.startsWith("[")) {
        throw new EditException("'" + value + "' looks like JSON but is not: " + notJson.getMessage());
      }
      return value;
    }
  }
}
