package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.personacollab.session.support.ApiIntegrationBase;
import org.personacollab.session.support.TestApi;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A deployment with its own identity provider: the development login is off, and user tokens of
 * an external OpenID Connect issuer (a stand-in served here: discovery document and JWKS) are
 * accepted; the session tokens session-service issues to those users work as always.
 */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@SuppressWarnings("unchecked")
class ExternalIssuerIntegrationTest {
  private static final RSAKey IDP_KEY = rsa("idp-1");
  private static final HttpServer IDP = startIdp();
  private static final String ISSUER = "http://localhost:" + IDP.getAddress().getPort();
  private static final Path KEY_FILE = ApiIntegrationBase.tempKeyFile();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 2);
    // The first requests of a fresh JVM on a 2-core machine can take longer than the default 5 s.
    registry.add("spring.test.webtestclient.timeout", () -> "30s");
    registry.add("persona.auth.key-file", KEY_FILE::toString);
    registry.add("persona.auth.dev-login.enabled", () -> false);
    registry.add("persona.auth.external-issuer-uri", () -> ISSUER);
  }

  @AfterAll
  static void stopIdp() {
    IDP.stop(0);
  }

  @Autowired WebTestClient web;

  @Test
  void devLogin_off_404NotFound_sayingSo() {
    web.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "alice")).exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code").isEqualTo("not_found")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("development login is switched off").contains("persona.auth.dev-login.enabled"));
  }

  @Test
  void externalToken_createsSession_userIdIsIssuerHostAndSub_nameFromPreferredUsername() throws Exception {
    String token = idpToken(IDP_KEY, claims("ext-sub-1").claim("preferred_username", "erin").build());

    TestApi.Grant grant = new TestApi(web).create(token, "External");

    assertThat(grant.userId()).isEqualTo("localhost:ext-sub-1");
    assertThat(grant.role()).isEqualTo("facilitator");
    JWTClaimsSet session = TestApi.claims(grant.token());
    assertThat(session.getIssuer()).isEqualTo("persona-collab");
    assertThat(session.getStringClaim("name")).isEqualTo("erin");
    assertThat(session.getExpirationTime().toInstant()).isBeforeOrEqualTo(Instant.now().plus(Duration.ofMinutes(10)));
    web.get().uri("/api/sessions/{id}", grant.sessionId()).headers(h -> h.setBearerAuth(grant.token())).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.created_by").isEqualTo("localhost:ext-sub-1");
  }

  @Test
  void externalToken_nameClaimWins() {
    String token = idpToken(IDP_KEY, claims("ext-sub-2").claim("name", "Erin Example").claim("preferred_username", "erin").build());

    Map<String, Object> body = web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Named")).exchange()
        .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();

    assertThat(body.get("user")).isEqualTo(Map.of("id", "localhost:ext-sub-2", "name", "Erin Example"));
  }

  @Test
  void externalToken_expired_401TokenExpired() {
    Instant past = Instant.now().minus(Duration.ofMinutes(10));
    String token = idpToken(IDP_KEY, new JWTClaimsSet.Builder().issuer(ISSUER).subject("late")
        .issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build());

    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(token)).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("token_expired");
  }

  @Test
  void externalIssuerClaims_butWrongKey_401Unauthorized() {
    String token = idpToken(rsa("idp-1"), claims("forger").build()); // same kid, other key

    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(token)).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
  }

  private static JWTClaimsSet.Builder claims(String sub) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub).audience("persona")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
  }

  private static String idpToken(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A minimal OpenID Connect issuer: discovery document and JWKS. */
  private static HttpServer startIdp() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      String issuer = "http://localhost:" + server.getAddress().getPort();
      respond(server, "/.well-known/openid-configuration",
          "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\",\"subject_types_supported\":[\"public\"],"
              + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"response_types_supported\":[\"code\"]}");
      respond(server, "/jwks", new JWKSet(IDP_KEY.toPublicJWK()).toString());
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void respond(HttpServer server, String path, String json) {
    server.createContext(path, exchange -> {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }
}
