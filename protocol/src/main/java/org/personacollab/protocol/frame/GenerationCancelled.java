package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A participant cancelled the generation: {@code by} is their user id. No chunk of it follows
 * (the provider's stream was stopped) and no persona enters the document; a new generation may
 * start at once.
 */
public record GenerationCancelled(@JsonProperty("generation_id") String generationId, String by) implements ServerFrame {}
