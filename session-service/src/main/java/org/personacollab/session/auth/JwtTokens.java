package org.personacollab.session.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.Role;
import org.personacollab.session.domain.TokenIssuer;

/**
 * Issues and checks session-service's JWTs, all ES256 with the {@link SigningKey}'s {@code kid}
 * in the header ({@code typ: JWT}) and a {@code typ} claim saying what the token is for:
 *
 * <table>
 *   <caption>Tokens</caption>
 *   <tr><th>{@code typ}</th><th>Claims</th><th>Issued by</th></tr>
 *   <tr><td>{@code user}</td><td>{@code iss sub name iat exp jti}</td>
 *       <td>{@code POST /api/auth/token} (development login)</td></tr>
 *   <tr><td>{@code session}</td><td>{@code iss sub name sid role iat exp jti}</td>
 *       <td>create and join</td></tr>
 *   <tr><td>{@code invite}</td><td>{@code iss sid role iat exp jti}</td>
 *       <td>{@code POST /api/sessions/{id}/invites}</td></tr>
 * </table>
 *
 * Times are whole seconds (JWT NumericDate), so {@code expires_at} in a response equals the
 * token's {@code exp}. Invites are checked here; user and session tokens are validated by the
 * resource server ({@link TokenValidators}).
 */
public final class JwtTokens implements TokenIssuer {
  /** The {@code typ} claim of each kind of token. */
  public static final String TYP_USER = "user", TYP_SESSION = "session", TYP_INVITE = "invite";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningKey key;
  private final JWSSigner signer;
  private final JWSVerifier verifier;
  private final String issuer;
  private final Duration userTtl;
  private final Duration sessionTtl;
  private final Clock clock;

  /**
   * @param issuer the {@code iss} of every token ({@code persona.auth.issuer})
   * @param userTtl lifetime of user tokens ({@code persona.auth.token-ttl})
   * @param sessionTtl longest lifetime of session tokens ({@code persona.auth.session-token-ttl})
   */
  public JwtTokens(SigningKey key, String issuer, Duration userTtl, Duration sessionTtl, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.userTtl = userTtl;
    this.sessionTtl = sessionTtl;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(key.privateKey());
      this.verifier = new ECDSAVerifier(key.publicKey());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("The signing key cannot sign ES256: " + e.getMessage(), e);
    }
  }

  /** The {@code iss} of this service's tokens. */
  public String issuer() {
    return issuer;
  }

  /** A user token for the development login. */
  public IssuedToken userToken(String userId, String name) {
    Instant now = now();
    Instant exp = now.plus(userTtl);
    return new IssuedToken(sign(base(now, exp).subject(userId).claim("name", name).claim("typ", TYP_USER).build()), exp);
  }

  @Override
  public IssuedToken sessionToken(Caller caller, String sessionId, Role role) {
    Instant now = now();
    Instant exp = now.plus(sessionTtl);
    Instant callerExp = caller.expiresAt().truncatedTo(ChronoUnit.SECONDS);
    if (callerExp.isBefore(exp)) exp = callerExp;
    JWTClaimsSet claims = base(now, exp)
        .subject(caller.userId())
        .claim("name", caller.name())
        .claim("typ", TYP_SESSION)
        .claim("sid", sessionId)
        .claim("role", role.wire())
        .build();
    return new IssuedToken(sign(claims), exp);
  }

  @Override
  public IssuedInvite invite(String sessionId, Role role, Instant expiresAt) {
    Instant now = now();
    Instant exp = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    String jti = "inv-" + randomId();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(jti)
        .claim("typ", TYP_INVITE)
        .claim("sid", sessionId)
        .claim("role", role.wire())
        .build();
    return new IssuedInvite(jti, sign(claims), exp);
  }

  @Override
  public InviteCheck checkInvite(String token, String sessionId) {
    JWTClaimsSet claims = verified(token);
    if (claims == null) return new InviteCheck(InviteVerdict.INVALID, null, null, null);
    String typ = stringClaim(claims, "typ");
    String sid = stringClaim(claims, "sid");
    Optional<Role> role = Optional.ofNullable(stringClaim(claims, "role")).flatMap(Role::fromWire);
    String jti = claims.getJWTID();
    Date exp = claims.getExpirationTime();
    if (!issuer.equals(claims.getIssuer()) || !TYP_INVITE.equals(typ) || sid == null || role.isEmpty() || jti == null || exp == null) {
      return new InviteCheck(InviteVerdict.INVALID, null, null, null);
    }
    Instant expiresAt = exp.toInstant();
    if (!sid.equals(sessionId)) return new InviteCheck(InviteVerdict.WRONG_SESSION, jti, role.get(), expiresAt);
    if (!clock.instant().isBefore(expiresAt)) return new InviteCheck(InviteVerdict.EXPIRED, jti, role.get(), expiresAt);
    return new InviteCheck(InviteVerdict.VALID, jti, role.get(), expiresAt);
  }

  /** The claims of a token signed with our key (ES256), or null if it is not one. */
  private @Nullable JWTClaimsSet verified(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token.strip());
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) return null;
      if (!jwt.verify(verifier)) return null;
      return jwt.getJWTClaimsSet();
    } catch (ParseException | JOSEException | IllegalStateException e) {
      return null;
    }
  }

  private static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException notAString) {
      return null;
    }
  }

  private JWTClaimsSet.Builder base(Instant now, Instant exp) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(randomId());
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.keyId()).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing failed: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String randomId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
