package org.personacollab.gateway.security;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's view of identity ({@code persona.auth.*}, shared with session-service, and
 * {@code persona.gateway.allowed-origins}).
 *
 * @param issuer the {@code iss} of our own tokens (session-service's)
 * @param jwksUri where our keys are published; default: session-service's {@code /api/auth/jwks}
 * @param externalIssuerUri an OpenID Connect issuer whose user tokens are accepted too
 */
@Validated
@ConfigurationProperties("persona.auth")
public record AuthProperties(
    @NotBlank @DefaultValue("persona-collab") String issuer,
    @Nullable URI jwksUri,
    @Nullable String externalIssuerUri) {}
