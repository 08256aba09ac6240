package org.personacollab.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.jspecify.annotations.Nullable;
import org.personacollab.testkit.Infra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stand-in for session-service behind a real gateway: over real HTTP it publishes the key set
 * our tokens are checked against ({@code /api/auth/jwks}) and answers every other call
 * {@code 200 {"sessions":[]}}, counting those that reach it. {@link #gateway} starts a gateway
 * in front of it with the test infrastructure's Kafka and Redis.
 */
public final class StubSessionService implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  private StubSessionService(JWKSet keys) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/api/auth/jwks", ex -> reply(ex, keys.toString()));
    server.createContext("/", ex -> {
      calls.incrementAndGet();
      reply(ex, "{\"sessions\":[]}");
    });
    server.start();
  }

  /** Starts one that publishes {@code keys} (public parts). */
  public static StubSessionService start(JWKSet keys) {
    return new StubSessionService(keys.toPublicJWKSet());
  }

  /** How many calls other than the key set reached it. */
  public int calls() {
    return calls.get();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A gateway in front of this stand-in, on a free port, with {@code extra} arguments. */
  public ConfigurableApplicationContext gateway(String... extra) {
    List<String> args = new ArrayList<>();
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.services.session-url=" + url());
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
  }

  /** The base URL of a gateway started by {@link #gateway}. */
  public static String base(ConfigurableApplicationContext gateway) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
  }

  /** An ES256 token of {@code issuer} for {@code subject} (none: a token that names nobody), valid 10 minutes. */
  public static String es256(ECKey key, String issuer, @Nullable String subject) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims(issuer, subject));
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  /** Claims with issuer, subject, issued now, expiring in 10 minutes. */
  public static JWTClaimsSet claims(String issuer, @Nullable String subject) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
        .build();
  }

  /** GET {@code base + path} with a bearer token. */
  public static HttpResponse<String> get(String base, String path, String token) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Answers 200 with a JSON body. */
  public static void reply(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
