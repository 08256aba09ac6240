package org.personacollab.session.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.MutableClock;
import org.personacollab.session.domain.Role;
import org.personacollab.session.domain.TokenIssuer.InviteCheck;
import org.personacollab.session.domain.TokenIssuer.InviteVerdict;

class JwtTokensTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T09:00:00.750Z"));
  private final SigningKey key = SigningKey.generate();
  private final JwtTokens tokens = new JwtTokens(key, "persona-collab", Duration.ofHours(12), Duration.ofHours(4), clock);
  private final Instant now = Instant.parse("2025-01-15T09:00:00Z"); // whole seconds

  private SignedJWT verified(String token) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.verify(new ECDSAVerifier(key.publicKey()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.keyId());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    return jwt;
  }

  @Test
  void userToken_claims() throws Exception {
    var issued = tokens.userToken("dev:alice", "Alice");

    JWTClaimsSet claims = verified(issued.token()).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("persona-collab");
    assertThat(claims.getSubject()).isEqualTo("dev:alice");
    assertThat(claims.getStringClaim("name")).isEqualTo("Alice");
    assertThat(claims.getStringClaim("typ")).isEqualTo("user");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(now);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plus(Duration.ofHours(12))).isEqualTo(issued.expiresAt());
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getClaim("sid")).isNull();
  }

  @Test
  void sessionToken_claims_expiryIsTheSessionTtl_whenTheCallerLivesLonger() throws Exception {
    Caller alice = Caller.user("dev:alice", "Alice", now.plus(Duration.ofHours(12)));

    var issued = tokens.sessionToken(alice, "k3v9x2m7qa", Role.EDITOR);

    JWTClaimsSet claims = verified(issued.token()).getJWTClaimsSet();
    assertThat(claims.getStringClaim("typ")).isEqualTo("session");
    assertThat(claims.getStringClaim("sid")).isEqualTo("k3v9x2m7qa");
    assertThat(claims.getStringClaim("role")).isEqualTo("editor");
    assertThat(claims.getSubject()).isEqualTo("dev:alice");
    assertThat(claims.getStringClaim("name")).isEqualTo("Alice");
    assertThat(issued.expiresAt()).isEqualTo(now.plus(Duration.ofHours(4)));
  }

  @Test
  void sessionToken_neverOutlivesTheCallersToken() throws Exception {
    Instant callerExp = now.plus(Duration.ofMinutes(30)).plusMillis(999);

    var issued = tokens.sessionToken(Caller.user("dev:alice", "Alice", callerExp), "k3v9x2m7qa", Role.VIEWER);

    assertThat(issued.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(30)));
    assertThat(SignedJWT.parse(issued.token()).getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(issued.expiresAt());
  }

  @Test
  void invite_claims_andValidForItsSession() throws Exception {
    var invite = tokens.invite("k3v9x2m7qa", Role.VIEWER, now.plus(Duration.ofHours(24)));

    JWTClaimsSet claims = verified(invite.token()).getJWTClaimsSet();
    assertThat(claims.getStringClaim("typ")).isEqualTo("invite");
    assertThat(claims.getStringClaim("sid")).isEqualTo("k3v9x2m7qa");
    assertThat(claims.getStringClaim("role")).isEqualTo("viewer");
    assertThat(claims.getJWTID()).isEqualTo(invite.jti()).startsWith("inv-");
    assertThat(claims.getSubject()).isNull();
    assertThat(tokens.checkInvite(invite.token(), "k3v9x2m7qa"))
        .isEqualTo(new InviteCheck(InviteVerdict.VALID, invite.jti(), Role.VIEWER, now.plus(Duration.ofHours(24))));
  }

  @Test
  void checkInvite_verdicts() {
    var invite = tokens.invite("k3v9x2m7qa", Role.EDITOR, now.plus(Duration.ofMinutes(10)));
    JwtTokens otherKey = new JwtTokens(SigningKey.generate(), "persona-collab", Duration.ofHours(1), Duration.ofHours(1), clock);
    JwtTokens otherIssuer = new JwtTokens(key, "someone-else", Duration.ofHours(1), Duration.ofHours(1), clock);

    // Given a token, when checked for session k3v9x2m7qa, then:
    assertThat(tokens.checkInvite(invite.token(), "otherone42").verdict()).isEqualTo(InviteVerdict.WRONG_SESSION);
    assertThat(tokens.checkInvite(otherKey.invite("k3v9x2m7qa", Role.EDITOR, now.plusSeconds(60)).token(), "k3v9x2m7qa").verdict())
        .as("forged: signed by another key").isEqualTo(InviteVerdict.INVALID);
    assertThat(tokens.checkInvite(otherIssuer.invite("k3v9x2m7qa", Role.EDITOR, now.plusSeconds(60)).token(), "k3v9x2m7qa").verdict())
        .as("another issuer").isEqualTo(InviteVerdict.INVALID);
    assertThat(tokens.checkInvite(tokens.userToken("dev:x", "x").token(), "k3v9x2m7qa").verdict())
        .as("a user token").isEqualTo(InviteVerdict.INVALID);
    assertThat(tokens.checkInvite("not a jwt", "k3v9x2m7qa").verdict()).isEqualTo(InviteVerdict.INVALID);
    assertThat(tokens.checkInvite(invite.token() + "x", "k3v9x2m7qa").verdict()).as("tampered signature").isEqualTo(InviteVerdict.INVALID);

    clock.advance(Duration.ofMinutes(10));
    assertThat(tokens.checkInvite(invite.token(), "k3v9x2m7qa").verdict()).isEqualTo(InviteVerdict.EXPIRED);
  }
}
