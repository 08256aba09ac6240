package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The generation finished; {@code persona} is the parsed result, and {@code chunks} the number of
 * chunks sent (so a receiver knows whether it has all of them). The persona then arrives in the
 * document as an ordinary sequenced op.
 */
public record GenerationComplete(
    @JsonProperty("generation_id") String generationId, JsonNode persona, long chunks)
    implements ServerFrame {}
