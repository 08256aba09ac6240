package org.personacollab.cli;

import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's one Jackson mapper (REST bodies, the credentials file, {@code --json} output) and the
 * two ways it prints JSON: one compact line for scripts, indented for people. Unknown properties
 * are ignored when reading, so a newer server that adds fields does not break an older CLI.
 */
public final class Json {
  /** Thread-safe; shared by every command. */
  public static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /**
   * Two-space indents, {@code "age": 34}, one list item per line, {@code {}} and {@code []} for
   * empty ones: JSON as people write it (Jackson's default prints {@code "age" : 34},
   * {@code [ "a", "b" ]} and {@code { }}).
   */
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
          new Separators(Separators.DEFAULT_ROOT_VALUE_SEPARATOR, ':', Separators.Spacing.AFTER, ',',
              Separators.Spacing.NONE, "", ',', Separators.Spacing.NONE, ""))
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

  private Json() {}

  /** One line of JSON ({@code --json} output, one value per line). */
  public static String line(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Indented JSON for a person to read. */
  public static String pretty(Object value) {
    return MAPPER.writer().with(PRETTY).writeValueAsString(value);
  }

  /**
   * Indented JSON of a plain value as ot-core and the client hold documents ({@code Map},
   * {@code List}, {@code Long}, {@code Double}, ...); numbers print as JavaScript prints them.
   */
  public static String prettyPlain(@Nullable Object plain) {
    return pretty(tree(JsonCodec.write(plain)));
  }

  /** The tree of JSON text; {@link CliException} if it is not JSON. */
  public static JsonNode tree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new CliException("expected JSON but got: " + abbreviate(text, 80), e);
    }
  }

  /** {@code text} cut to {@code max} characters with an ellipsis. */
  public static String abbreviate(String text, int max) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
