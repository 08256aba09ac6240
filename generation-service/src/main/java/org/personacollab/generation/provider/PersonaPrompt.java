package org.personacollab.generation.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.personacollab.generation.research.ResearchDocument;

/**
 * Our one prompt template ({@code prompts/persona-v1.txt} on the class path): asks for {@code
 * {"personas":[…]}} in the persona schema, grounded in the research, with the count and level of
 * detail filled in. Placeholders are {@code {{name}}}; the research text is inserted last and
 * verbatim, so text in the research that looks like a placeholder stays as it is.
 */
public final class PersonaPrompt {
  /** {@code metadata.template} of personas made with this prompt. */
  public static final String TEMPLATE = "persona-v1";

  private final String template;
  private final int maxChars;

  /**
   * @param maxChars the longest prompt allowed; a longer one fails with {@link
   *     GenerationFailure.Reason#PROMPT_TOO_LARGE} rather than being cut silently
   */
  public PersonaPrompt(int maxChars) {
    this(load(), maxChars);
  }

  PersonaPrompt(String template, int maxChars) {
    if (maxChars < 1) throw new IllegalArgumentException("max prompt chars must be >= 1: " + maxChars);
    this.template = Objects.requireNonNull(template, "template");
    this.maxChars = maxChars;
  }

  public String render(List<ResearchDocument> documents, int count, DetailLevel detail) {
    if (documents.isEmpty()) throw new IllegalArgumentException("no research documents");
    String research =
        documents.stream()
            .map(d -> "=== source: " + d.source() + " (" + d.format().name().toLowerCase(Locale.ROOT) + ") ===\n" + d.text().strip())
            .collect(Collectors.joining("\n\n"));
    String sources = documents.stream().map(ResearchDocument::source).collect(Collectors.joining(", "));
    String prompt =
        template
            .replace("{{count}}", Integer.toString(count))
            .replace("{{detail}}", detail.name().toLowerCase(Locale.ROOT) + " (" + detail.instruction() + ")")
            .replace("{{source_count}}", Integer.toString(documents.size()))
            .replace("{{sources}}", sources);
    int at = prompt.indexOf("{{research}}");
    prompt = prompt.substring(0, at) + research + prompt.substring(at + "{{research}}".length());
    if (prompt.length() > maxChars) {
      throw new GenerationFailure(
          GenerationFailure.Reason.PROMPT_TOO_LARGE,
          "the research makes a prompt of " + prompt.length() + " characters, more than persona.generation.max-prompt-chars ("
              + maxChars + "); use a smaller dataset");
    }
    return prompt;
  }

  private static String load() {
    try (InputStream in = PersonaPrompt.class.getResourceAsStream("/prompts/" + TEMPLATE + ".txt")) {
      if (in == null) throw new IllegalStateException("prompt template prompts/" + TEMPLATE + ".txt is missing from the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
