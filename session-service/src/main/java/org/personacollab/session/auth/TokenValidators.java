package org.personacollab.session.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.personacollab.session.domain.Role;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * What a bearer token must satisfy, after its signature: the issuer, a lifetime that includes now
 * (by our {@link Clock}, with {@link #CLOCK_SKEW} of tolerance), and for our own tokens a
 * {@code typ} of {@code user} or {@code session} (an invite is not a sign-in token). An expired
 * token fails with the error code {@link #EXPIRED}, which the REST edge renders as
 * {@code token_expired} rather than {@code unauthorized}.
 */
public final class TokenValidators {
  /** The OAuth2 error code of an expired token. */
  public static final String EXPIRED = "token_expired";
  /** Tolerance for clocks that differ between the machines that issue and check tokens. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private TokenValidators() {}

  /** Validators for session-service's own user and session tokens. */
  public static OAuth2TokenValidator<Jwt> ours(String issuer, Clock clock) {
    return new DelegatingOAuth2TokenValidator<>(List.of(new JwtIssuerValidator(issuer), lifetime(clock), TokenValidators::kind, TokenValidators::subject));
  }

  /** Validators for an external OpenID Connect issuer's tokens. */
  public static OAuth2TokenValidator<Jwt> external(String issuer, Clock clock) {
    return new DelegatingOAuth2TokenValidator<>(List.of(new JwtIssuerValidator(issuer), lifetime(clock), TokenValidators::subject));
  }

  /** {@code exp} required and after now, {@code nbf} (if any) not after now, both with {@link #CLOCK_SKEW}. */
  static OAuth2TokenValidator<Jwt> lifetime(Clock clock) {
    return jwt -> {
      Instant now = clock.instant();
      Instant exp = jwt.getExpiresAt();
      if (exp == null) return invalid("The token has no expiry (exp).");
      if (!now.minus(CLOCK_SKEW).isBefore(exp)) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(EXPIRED, "The token expired at " + exp + ".", null));
      }
      Instant nbf = jwt.getNotBefore();
      if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf)) return invalid("The token is not valid before " + nbf + ".");
      return OAuth2TokenValidatorResult.success();
    };
  }

  private static OAuth2TokenValidatorResult subject(Jwt jwt) {
    String sub = jwt.getSubject();
    return sub != null && !sub.isBlank() ? OAuth2TokenValidatorResult.success() : invalid("The token names no user (sub).");
  }

  private static OAuth2TokenValidatorResult kind(Jwt jwt) {
    String typ = jwt.getClaimAsString("typ");
    if (JwtTokens.TYP_USER.equals(typ)) return OAuth2TokenValidatorResult.success();
    if (JwtTokens.TYP_SESSION.equals(typ)) {
      String sid = jwt.getClaimAsString("sid");
      String role = jwt.getClaimAsString("role");
      return sid != null && role != null && Role.fromWire(role).isPresent()
          ? OAuth2TokenValidatorResult.success()
          : invalid("The session token has no valid sid and role.");
    }
    if (JwtTokens.TYP_INVITE.equals(typ)) {
      return invalid("An invite is not a sign-in token: send it as {\"invite\": …} to POST /api/sessions/{id}/join.");
    }
    return invalid("The token is neither a user nor a session token (typ " + typ + ").");
  }

  private static OAuth2TokenValidatorResult invalid(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
  }

  /** True if {@code failure} (or a cause) says the token expired. */
  public static boolean isExpired(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JwtValidationException v && v.getErrors().stream().anyMatch(e -> EXPIRED.equals(e.getErrorCode()))) {
        return true;
      }
    }
    return false;
  }
}
