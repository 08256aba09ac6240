package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A generation began in the session; chunks with the same id follow from index 0. */
public record GenerationStarted(
    @JsonProperty("generation_id") String generationId,
    @JsonProperty("user_id") String userId,
    String provider,
    long ts)
    implements ServerFrame {}
