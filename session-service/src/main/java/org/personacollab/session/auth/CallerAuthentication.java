package org.personacollab.session.auth;

import java.net.URI;
import java.util.List;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.Role;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A validated bearer token as Spring Security holds it; its principal is the {@link Caller}
 * (controllers take it with {@code @AuthenticationPrincipal Caller caller}).
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {
  private final Caller caller;
  private final Jwt jwt;

  public CallerAuthentication(Caller caller, Jwt jwt) {
    super(List.of());
    this.caller = caller;
    this.jwt = jwt;
    setAuthenticated(true);
  }

  /** A caller from one of session-service's own tokens (already validated: {@code typ} is user or session). */
  public static CallerAuthentication ofOurToken(Jwt jwt) {
    String name = jwt.getClaimAsString("name");
    String sub = jwt.getSubject();
    if (name == null) name = sub;
    Caller caller = JwtTokens.TYP_SESSION.equals(jwt.getClaimAsString("typ"))
        ? Caller.session(sub, name, jwt.getClaimAsString("sid"), Role.fromWire(jwt.getClaimAsString("role")).orElseThrow(), jwt.getExpiresAt())
        : Caller.user(sub, name, jwt.getExpiresAt());
    return new CallerAuthentication(caller, jwt);
  }

  /**
   * A caller from an external OpenID Connect issuer's token: a user whose id is
   * {@code <issuer host>:<sub>} (two issuers cannot claim the same id) and whose name is the
   * {@code name} claim, else {@code preferred_username}, else the {@code sub}.
   */
  public static CallerAuthentication ofExternalToken(Jwt jwt, URI issuer) {
    String name = jwt.getClaimAsString("name");
    if (name == null || name.isBlank()) name = jwt.getClaimAsString("preferred_username");
    if (name == null || name.isBlank()) name = jwt.getSubject();
    return new CallerAuthentication(Caller.user(issuer.getHost() + ":" + jwt.getSubject(), name, jwt.getExpiresAt()), jwt);
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  @Override
  public String getCredentials() {
    return jwt.getTokenValue();
  }

  @Override
  public String getName() {
    return caller.userId();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallerAuthentication other && other.jwt.getTokenValue().equals(jwt.getTokenValue());
  }

  @Override
  public int hashCode() {
    return jwt.getTokenValue().hashCode();
  }
}
