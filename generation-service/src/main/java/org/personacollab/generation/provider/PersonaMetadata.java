package org.personacollab.generation.provider;

import java.util.Objects;

/**
 * The {@code metadata} we write into every persona (DESIGN.md §6), whatever the model said.
 *
 * @param generatedAt ISO-8601 instant
 * @param provider the provider's name ({@code offline}, {@code openai}, …)
 * @param model the model that wrote it
 * @param template the prompt template ({@link PersonaPrompt#TEMPLATE}); {@code default} for the
 *     offline generator, which uses none
 */
public record PersonaMetadata(String generatedAt, String provider, String model, String template) {
  /** {@code metadata.version}: the persona document format. */
  public static final int VERSION = 1;

  public PersonaMetadata {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(template, "template");
  }
}
