package org.personacollab.session.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.personacollab.session.domain.MutableClock;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class TokenValidatorsTest {
  private final Instant exp = Instant.parse("2025-01-15T21:00:00Z");
  private final MutableClock clock = new MutableClock(exp);

  private static Jwt jwt(Instant exp, Map<String, Object> claims) {
    Jwt.Builder b = Jwt.withTokenValue("t").header("alg", "ES256").issuer("persona-collab").subject("dev:a")
        .issuedAt(exp.minusSeconds(3600)).expiresAt(exp);
    claims.forEach(b::claim);
    return b.build();
  }

  private OAuth2TokenValidatorResult ours(Jwt jwt) {
    return TokenValidators.ours("persona-collab", clock).validate(jwt);
  }

  @Test
  void lifetime_toleratesThirtySecondsOfSkew_thenExpired() {
    Jwt token = jwt(exp, Map.of("typ", "user"));

    clock.set(exp.plus(TokenValidators.CLOCK_SKEW).minusMillis(1));
    assertThat(ours(token).hasErrors()).isFalse();

    clock.set(exp.plus(TokenValidators.CLOCK_SKEW));
    OAuth2TokenValidatorResult result = ours(token);
    assertThat(result.getErrors()).extracting(OAuth2Error::getErrorCode).containsExactly(TokenValidators.EXPIRED);
  }

  @Test
  void kinds_userAndSessionAccepted_inviteAndOthersRefused() {
    clock.set(exp.minus(Duration.ofMinutes(1)));

    assertThat(ours(jwt(exp, Map.of("typ", "user"))).hasErrors()).isFalse();
    assertThat(ours(jwt(exp, Map.of("typ", "session", "sid", "abc123", "role", "editor"))).hasErrors()).isFalse();
    assertThat(ours(jwt(exp, Map.of("typ", "session", "sid", "abc123", "role", "owner"))).hasErrors()).isTrue();
    assertThat(ours(jwt(exp, Map.of("typ", "session"))).hasErrors()).isTrue();
    assertThat(ours(jwt(exp, Map.of("typ", "invite", "sid", "abc123", "role", "editor"))).getErrors())
        .extracting(OAuth2Error::getDescription).anyMatch(d -> d.contains("invite"));
    assertThat(ours(jwt(exp, Map.of())).hasErrors()).isTrue();
  }

  @Test
  void isExpired_findsTheCodeInTheCauseChain() {
    var expired = new JwtValidationException("expired", List.of(new OAuth2Error(TokenValidators.EXPIRED)));
    var other = new JwtValidationException("bad", List.of(new OAuth2Error("invalid_token")));

    assertThat(TokenValidators.isExpired(new InvalidBearerTokenException("x", expired))).isTrue();
    assertThat(TokenValidators.isExpired(new InvalidBearerTokenException("x", other))).isFalse();
    assertThat(TokenValidators.isExpired(new IllegalStateException())).isFalse();
  }
}
