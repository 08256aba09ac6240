package org.personacollab.session.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Identity settings ({@code persona.auth.*}, ADR 7), validated at start-up:
 *
 * <pre>
 * persona:
 *   auth:
 *     key-file: ~/.persona/session-signing-key.json  # EC P-256 private JWK; persona up passes one under its data folder
 *     generate-key: true             # create the key file if it is missing (else refuse to start)
 *     issuer: persona-collab         # iss of every token we issue
 *     token-ttl: 12h                 # user tokens (development login)
 *     session-token-ttl: 12h         # session tokens, never beyond the user token's own expiry
 *     invite-max-ttl: 30d            # the longest expires_in an invite may ask for
 *     dev-login:
 *       enabled: true                # POST /api/auth/token {"name": ...}; off: 404 not_found
 *     external-issuer-uri:           # an OpenID Connect issuer whose user tokens are accepted too
 * </pre>
 */
@Validated
@ConfigurationProperties("persona.auth")
public record AuthProperties(
    @Nullable Path keyFile,
    @DefaultValue("true") boolean generateKey,
    @NotBlank @DefaultValue("persona-collab") String issuer,
    @NotNull @DurationMin(seconds = 60) @DefaultValue("12h") Duration tokenTtl,
    @NotNull @DurationMin(seconds = 60) @DefaultValue("12h") Duration sessionTokenTtl,
    @NotNull @DurationMin(seconds = 60) @DefaultValue("30d") Duration inviteMaxTtl,
    @Valid @NotNull @DefaultValue DevLogin devLogin,
    @Nullable URI externalIssuerUri) {

  /** The development login. */
  public record DevLogin(@DefaultValue("true") boolean enabled) {}

  /** {@code key-file}, or {@code ${user.home}/.persona/session-signing-key.json} when it is not set. */
  public Path keyFileOrDefault() {
    return keyFile != null ? keyFile : Path.of(System.getProperty("user.home"), ".persona", "session-signing-key.json");
  }
}
