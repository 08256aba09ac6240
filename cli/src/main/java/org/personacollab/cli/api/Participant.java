package org.personacollab.cli.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An active participant of a session ({@code GET /api/sessions/{id}/participants}):
 * {@code {"user_id":"dev:alice","name":"alice","role":"facilitator","joined_at":...,"status":"active"}}.
 */
public record Participant(@JsonProperty("user_id") String userId, String name, String role) {}
