package org.personacollab.generation.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of a cancelled generation (200): which one, and who cancelled it. */
public record GenerationCancelledResponse(
    @JsonProperty("generation_id") String generationId,
    @JsonProperty("session_id") String sessionId,
    String status,
    String by) {}
