package org.personacollab.cli.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to create and join: the caller's session token, role and the session.
 *
 * <pre>
 * {"token":"eyJ…","token_type":"Bearer","expires_at":"2025-01-15T21:00:00Z",
 *  "user":{"id":"dev:bob","name":"Bob"},"role":"editor","session":{"id":"k3v9x2m7qa",...}}
 * </pre>
 */
public record Grant(
    String token, @JsonProperty("expires_at") String expiresAt, User user, String role, SessionSummary session) {}
