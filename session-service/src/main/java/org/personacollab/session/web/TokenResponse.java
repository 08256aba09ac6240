package org.personacollab.session.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A user token:
 *
 * <pre>
 * {"token":"eyJ…","token_type":"Bearer","expires_at":"2025-01-15T21:00:00Z","user":{"id":"dev:alice","name":"alice"}}
 * </pre>
 */
public record TokenResponse(
    String token,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_at") Instant expiresAt,
    UserView user) {}
