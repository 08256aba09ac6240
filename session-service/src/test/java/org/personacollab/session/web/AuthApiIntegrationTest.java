package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.personacollab.session.auth.JwtTokens;
import org.personacollab.session.auth.SigningKey;
import org.personacollab.session.domain.Caller;
import org.personacollab.session.domain.Role;
import org.personacollab.session.support.ApiIntegrationBase;
import org.personacollab.session.support.TestApi;
import org.springframework.http.MediaType;

/** The development login, the JWKS and what happens to bad, forged and expired tokens. */
@SuppressWarnings("unchecked")
class AuthApiIntegrationTest extends ApiIntegrationBase {

  @Test
  void login_answersUserToken_withClaimsAndShape() throws Exception {
    Instant now = CLOCK.instant();
    Map<String, Object> body = web.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\": \"  Alice Smith  \"}").exchange()
        .expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();

    assertThat(body).containsEntry("token_type", "Bearer")
        .containsEntry("user", Map.of("id", "dev:alice smith", "name", "Alice Smith"))
        .containsEntry("expires_at", now.plus(Duration.ofHours(12)).toString());
    SignedJWT jwt = SignedJWT.parse((String) body.get("token"));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(jwks().getKeys().get(0).getKeyID());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getStringClaim("typ")).isEqualTo("user");
    assertThat(claims.getSubject()).isEqualTo("dev:alice smith");
    assertThat(claims.getStringClaim("name")).isEqualTo("Alice Smith");
    assertThat(claims.getIssuer()).isEqualTo("persona-collab");
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plus(Duration.ofHours(12)));
    assertThat(claims.getJWTID()).isNotBlank();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", "{\"name\": \"\"}", "{\"name\": \"   \"}", "{\"name\": \"tab\\there\"}"})
  void login_badNames_validationFailed(String body) {
    web.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed").jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("name:"));
  }

  @Test
  void login_nameLength_100AcceptedAfterTrim_101Refused() {
    web.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", " " + "n".repeat(100) + " ")).exchange().expectStatus().isOk();
    web.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "n".repeat(101))).exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
  }

  @Test
  void jwks_sameAtBothAddresses_publicEcP256Only_andVerifiesOurTokens() throws Exception {
    Map<String, Object> one = web.get().uri("/api/auth/jwks").exchange().expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody(Map.class).returnResult().getResponseBody();
    Map<String, Object> two = web.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();

    assertThat(one).isEqualTo(two);
    List<Map<String, Object>> keys = (List<Map<String, Object>>) one.get("keys");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).containsEntry("kty", "EC").containsEntry("crv", "P-256").containsEntry("use", "sig")
        .containsEntry("alg", "ES256").containsKeys("x", "y", "kid").doesNotContainKey("d");

    ECKey key = JWKSet.parse(one).getKeys().get(0).toECKey();
    SignedJWT token = SignedJWT.parse(api().login("verifier"));
    assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
  }

  @Test
  void expiredUserToken_401TokenExpired_justBeforeIsFine() {
    String token = api().login("expiring");

    CLOCK.advance(Duration.ofHours(12).minusSeconds(1));
    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

    CLOCK.advance(Duration.ofSeconds(31)); // past exp and the 30 s tolerance
    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(token)).exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("token_expired").jsonPath("$.status").isEqualTo(401);
  }

  @Test
  void expiredToken_onLogin_isIgnored_soSigningInAgainWorks() {
    String token = api().login("returning");
    CLOCK.advance(Duration.ofHours(13));

    web.post().uri("/api/auth/token").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "returning")).exchange().expectStatus().isOk();
  }

  @Test
  void sessionToken_expiresNoLaterThanTheUserToken() throws Exception {
    String user = api().login("shortlived");
    Instant userExp = TestApi.claims(user).getExpirationTime().toInstant();
    CLOCK.advance(Duration.ofHours(2));

    TestApi.Grant grant = api().create(user, "short");

    JWTClaimsSet claims = TestApi.claims(grant.token());
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(userExp);
    assertThat(claims.getStringClaim("typ")).isEqualTo("session");
    assertThat(claims.getStringClaim("sid")).isEqualTo(grant.sessionId());
    assertThat(claims.getStringClaim("role")).isEqualTo("facilitator");
    assertThat(claims.getSubject()).isEqualTo("dev:shortlived");
    assertThat(claims.getStringClaim("name")).isEqualTo("shortlived");
  }

  @Test
  void forgedToken_otherKeySameClaims_401Unauthorized() {
    JwtTokens forger = new JwtTokens(SigningKey.generate(), "persona-collab", Duration.ofHours(1), Duration.ofHours(1), CLOCK);
    String forged = forger.userToken("dev:mallory", "mallory").token();

    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(forged)).exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."})
  void malformedToken_401Unauthorized(String token) {
    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(token)).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
  }

  @Test
  void unknownIssuer_401Unauthorized() {
    JwtTokens other = new JwtTokens(SigningKey.generate(), "https://elsewhere.example", Duration.ofHours(1), Duration.ofHours(1), CLOCK);

    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(other.userToken("x:y", "y").token())).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
  }

  @Test
  void inviteUsedAsBearerToken_401Unauthorized() {
    TestApi.Grant alice = api().create(api().login("inviter"), "invites are not tokens");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "editor", "PT1H").get("token");

    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(invite)).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("invite"));
  }

  @Test
  void sessionTokenOnCreate_403Forbidden() {
    TestApi.Grant grant = api().create(api().login("twice"), "first");

    web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(grant.token())).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "second")).exchange()
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("forbidden");
  }

  @Test
  void healthAndPrometheus_open() {
    web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
  }

  @Test
  void sessionToken_signedWithAnotherKey_401_theServicesOwn_200() {
    TestApi.Grant grant = api().create(api().login("direct"), "direct");
    JwtTokens tokens = new JwtTokens(SigningKey.generate(), "persona-collab", Duration.ofHours(1), Duration.ofHours(1), CLOCK);
    String wrongKey = tokens.sessionToken(Caller.user("dev:direct", "direct", CLOCK.instant().plusSeconds(3600)), grant.sessionId(), Role.FACILITATOR).token();

    web.get().uri("/api/sessions/{id}", grant.sessionId()).headers(h -> h.setBearerAuth(grant.token())).exchange().expectStatus().isOk();
    web.get().uri("/api/sessions/{id}", grant.sessionId()).headers(h -> h.setBearerAuth(wrongKey)).exchange()
        .expectStatus().isUnauthorized();
  }

  private JWKSet jwks() throws Exception {
    Map<String, Object> body = web.get().uri("/api/auth/jwks").exchange().expectBody(Map.class).returnResult().getResponseBody();
    return JWKSet.parse(body);
  }
}
