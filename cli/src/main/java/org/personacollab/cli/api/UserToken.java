package org.personacollab.cli.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to the development login ({@code POST /api/auth/token}):
 * {@code {"token":"eyJ…","token_type":"Bearer","expires_at":"2025-01-15T21:00:00Z","user":{...}}}.
 */
public record UserToken(String token, @JsonProperty("expires_at") String expiresAt, User user) {}
