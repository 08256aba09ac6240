package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The generation stopped without a persona; {@code code} is a stable error code. */
public record GenerationFailed(
    @JsonProperty("generation_id") String generationId, String code, String message)
    implements ServerFrame {}
