package org.personacollab.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.testkit.WithInfra;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway with {@code persona.auth.external-issuer-uri} set: user tokens of an OpenID Connect
 * issuer (a stand-in here, serving the discovery document and key set over real HTTP, RS256 as
 * most providers sign) are accepted next to our own ES256 tokens, and nothing else is.
 */
@WithInfra
class ExternalIssuerIntegrationTest {
  private static ECKey ours;
  private static RSAKey theirs;
  private static RSAKey stranger;
  private static StubSessionService backend;
  private static HttpServer idp;
  private static String issuer;
  private static ConfigurableApplicationContext gateway;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    ours = new ECKeyGenerator(Curve.P_256).keyID("ours").generate();
    theirs = new RSAKeyGenerator(2048).keyID("idp-key").generate();
    stranger = new RSAKeyGenerator(2048).keyID("idp-key").generate(); // same kid, other key
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + idp.getAddress().getPort();
    idp.createContext("/.well-known/openid-configuration", ex -> StubSessionService.reply(ex,
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\",\"authorization_endpoint\":\"" + issuer
            + "/auth\",\"token_endpoint\":\"" + issuer + "/token\",\"subject_types_supported\":[\"public\"],"
            + "\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
    idp.createContext("/keys", ex -> StubSessionService.reply(ex, new JWKSet(theirs.toPublicJWK()).toString()));
    idp.start();
    backend = StubSessionService.start(new JWKSet(ours));
    gateway = backend.gateway("--persona.auth.external-issuer-uri=" + issuer);
    base = StubSessionService.base(gateway);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (backend != null) backend.close();
    if (idp != null) idp.stop(0);
  }

  @Test
  void theIssuersTokens_andOurs_areAccepted() throws Exception {
    int before = backend.calls();
    assertThat(get(rs256(theirs, issuer, "248289761001")).statusCode()).isEqualTo(200);
    assertThat(get(es256(ours, "persona-collab", "dev:alice")).statusCode()).isEqualTo(200);
    assertThat(backend.calls() - before).isEqualTo(2);
  }

  @Test
  void forgedOrForeignTokens_areRefused401_andReachNothing() throws Exception {
    int before = backend.calls();
    // Signed by another key under the issuer's key id.
    assertThat(get(rs256(stranger, issuer, "248289761001")).statusCode()).isEqualTo(401);
    // The issuer's key, but another issuer's name.
    assertThat(get(rs256(theirs, "https://evil.example", "248289761001")).statusCode()).isEqualTo(401);
    // Our issuer's name with the external issuer's key.
    assertThat(get(rs256(theirs, "persona-collab", "dev:alice")).statusCode()).isEqualTo(401);
    assertThat(backend.calls()).isEqualTo(before);
  }

  private static String rs256(RSAKey key, String iss, String subject) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), StubSessionService.claims(iss, subject));
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String es256(ECKey key, String iss, String subject) throws Exception {
    return StubSessionService.es256(key, iss, subject);
  }

  private static HttpResponse<String> get(String token) throws Exception {
    return StubSessionService.get(base, "/api/sessions", token);
  }
}
