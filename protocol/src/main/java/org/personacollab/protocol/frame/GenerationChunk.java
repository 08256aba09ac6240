package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A piece of generated text. {@code index} is gap-free from 0 per generation, so a receiver can
 * tell a lost chunk (Redis pub/sub is at-most-once) from a late one.
 */
public record GenerationChunk(
    @JsonProperty("generation_id") String generationId, long index, String content)
    implements ServerFrame {}
