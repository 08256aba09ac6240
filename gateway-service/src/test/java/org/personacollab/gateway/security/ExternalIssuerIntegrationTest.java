package org.personacollab.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.GatewayApplication;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway with {@code persona.auth.external-issuer-uri} set: user tokens of an OpenID Connect
 * issuer (a stand-in here, serving the discovery document and key set over real HTTP, RS256 as
 * most providers sign) are accepted next to our own ES256 tokens, and nothing else is.
 */
@WithInfra
class ExternalIssuerIntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger reachedBackend = new AtomicInteger();
  private static ECKey ours;
  private static RSAKey theirs;
  private static RSAKey stranger;
  private static HttpServer backend;
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
    idp.createContext("/.well-known/openid-configuration", ex -> reply(ex,
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\",\"authorization_endpoint\":\"" + issuer
            + "/auth\",\"token_endpoint\":\"" + issuer + "/token\",\"subject_types_supported\":[\"public\"],"
            + "\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}", false));
    idp.createContext("/keys", ex -> reply(ex, new JWKSet((JWK) theirs.toPublicJWK()).toString(), false));
    idp.start();
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/api/auth/jwks", ex -> reply(ex, new JWKSet(ours.toPublicJWK()).toString(), false));
    backend.createContext("/", ex -> reply(ex, "{\"sessions\":[]}", true));
    backend.start();
    List<String> args = new ArrayList<>();
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.services.session-url=http://127.0.0.1:" + backend.getAddress().getPort());
    args.add("--persona.auth.external-issuer-uri=" + issuer);
    gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    base = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (backend != null) backend.stop(0);
    if (idp != null) idp.stop(0);
  }

  @Test
  void theIssuersTokens_andOurs_areAccepted() throws Exception {
    int before = reachedBackend.get();
    assertThat(get(rs256(theirs, issuer, "248289761001")).statusCode()).isEqualTo(200);
    assertThat(get(es256(ours, "persona-collab", "dev:alice")).statusCode()).isEqualTo(200);
    assertThat(reachedBackend.get() - before).isEqualTo(2);
  }

  @Test
  void forgedOrForeignTokens_areRefused401_andReachNothing() throws Exception {
    int before = reachedBackend.get();
    // Signed by another key under the issuer's key id.
    assertThat(get(rs256(stranger, issuer, "248289761001")).statusCode()).isEqualTo(401);
    // The issuer's key, but another issuer's name.
    assertThat(get(rs256(theirs, "https://evil.example", "248289761001")).statusCode()).isEqualTo(401);
    // Our issuer's name with the external issuer's key.
    assertThat(get(rs256(theirs, "persona-collab", "dev:alice")).statusCode()).isEqualTo(401);
    assertThat(reachedBackend.get()).isEqualTo(before);
  }

  private static String rs256(RSAKey key, String iss, String subject) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims(iss, subject));
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String es256(ECKey key, String iss, String subject) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims(iss, subject));
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private static JWTClaimsSet claims(String iss, String subject) {
    return new JWTClaimsSet.Builder()
        .issuer(iss)
        .subject(subject)
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
        .build();
  }

  private static HttpResponse<String> get(String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/sessions")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void reply(HttpExchange exchange, String body, boolean count) throws IOException {
    if (count) reachedBackend.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
