package org.personacollab.generation.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of a started generation (202): the id its events carry. */
public record GenerationStarted(
    @JsonProperty("generation_id") String generationId, @JsonProperty("session_id") String sessionId, String status) {}
