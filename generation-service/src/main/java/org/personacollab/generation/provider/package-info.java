/**
 * Where persona text comes from: the {@link org.personacollab.generation.provider.PersonaModel}
 * port (a stream of text deltas), its adapters (the offline generator and Spring AI chat models
 * for OpenAI and OpenAI-compatible servers, Anthropic, Ollama and Gemini), the prompt template,
 * the parser that turns a model's text into validated personas, the Resilience4j guard around
 * every provider and the reachability probe. Nothing here needs a Spring container: everything is
 * built by plain constructors from {@link org.personacollab.generation.provider.ProviderSettings};
 * the Spring wiring is in {@code config/}.
 */
@NullMarked
package org.personacollab.generation.provider;

import org.jspecify.annotations.NullMarked;
