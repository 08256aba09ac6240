package org.personacollab.session.config;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.personacollab.session.auth.CallerAuthentication;
import org.personacollab.session.auth.SigningKey;
import org.personacollab.session.auth.TokenValidators;
import org.personacollab.session.web.SecurityProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * session-service as an OAuth2 resource server (ADR 7).
 *
 * <ul>
 *   <li><b>Open</b>: the development login ({@code POST /api/auth/token}), the JWKS
 *       ({@code GET /api/auth/jwks}, {@code /.well-known/jwks.json}), the OpenAPI document
 *       ({@code /v3/api-docs}) and actuator health, info and Prometheus. A bearer token sent to these
 *       is ignored, so an expired token does not stand in the way of signing in again.
 *   <li><b>Everything else needs a valid bearer token</b>, chosen by its {@code iss}: ours
 *       ({@code persona.auth.issuer}), checked with our own public key, {@code typ} user or
 *       session; or, when {@code persona.auth.external-issuer-uri} is set, that OpenID Connect
 *       issuer's (keys found through its discovery document, fetched on first use). Any other
 *       issuer: 401.
 *   <li>Which token a route needs (user or session, which session, which role) is decided by
 *       {@code SessionService} against the roles the session holds now; the filter chain only
 *       authenticates.
 *   <li>Failures are {@code application/problem+json}: 401 {@code unauthorized} or
 *       {@code token_expired} ({@link SecurityProblems}).
 *   <li>Stateless: no session cookie, no CSRF token (there is no cookie to ride on), no request
 *       cache, no form or basic login.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfig {
  static final ServerWebExchangeMatcher PUBLIC =
      new OrServerWebExchangeMatcher(
          ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/api/auth/token"),
          ServerWebExchangeMatchers.pathMatchers(
              HttpMethod.GET,
              "/api/auth/jwks",
              "/.well-known/jwks.json",
              "/v3/api-docs",
              "/v3/api-docs/**",
              "/v3/api-docs.yaml",
              "/actuator/health",
              "/actuator/health/**",
              "/actuator/info",
              "/actuator/prometheus"));

  @Bean
  JwtIssuerReactiveAuthenticationManagerResolver authenticationManagerResolver(SigningKey key, AuthProperties auth, Clock clock) {
    Map<String, ReactiveAuthenticationManager> byIssuer = new HashMap<>();

    JWK publicKey = key.publicKey();
    NimbusReactiveJwtDecoder ours =
        NimbusReactiveJwtDecoder.withJwkSource(jwt -> Flux.just(publicKey)).jwsAlgorithm(SignatureAlgorithm.ES256).build();
    ours.setJwtValidator(TokenValidators.ours(auth.issuer(), clock));
    JwtReactiveAuthenticationManager ourManager = new JwtReactiveAuthenticationManager(ours);
    ourManager.setJwtAuthenticationConverter(jwt -> Mono.just(CallerAuthentication.ofOurToken(jwt)));
    byIssuer.put(auth.issuer(), ourManager);

    URI external = auth.externalIssuerUri();
    if (external != null) {
      String issuer = external.toString();
      NimbusReactiveJwtDecoder theirs = NimbusReactiveJwtDecoder.withIssuerLocation(issuer).validateType(false).build();
      theirs.setJwtValidator(TokenValidators.external(issuer, clock));
      JwtReactiveAuthenticationManager theirManager = new JwtReactiveAuthenticationManager(theirs);
      theirManager.setJwtAuthenticationConverter(jwt -> Mono.just(CallerAuthentication.ofExternalToken(jwt, external)));
      byIssuer.put(issuer, theirManager);
    }
    return new JwtIssuerReactiveAuthenticationManagerResolver(issuer -> Mono.justOrEmpty(byIssuer.get(issuer)));
  }

  @Bean
  SecurityProblems securityProblems(JsonMapper json) {
    return new SecurityProblems(json);
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, JwtIssuerReactiveAuthenticationManagerResolver resolver, SecurityProblems problems) {
    ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
    ServerAuthenticationConverter tokenUnlessPublic =
        exchange -> PUBLIC.matches(exchange).flatMap(match -> match.isMatch() ? Mono.empty() : bearer.convert(exchange));
    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(exchanges -> exchanges.matchers(PUBLIC).permitAll().anyExchange().authenticated())
        .oauth2ResourceServer(oauth -> oauth
            .authenticationManagerResolver(resolver)
            .bearerTokenConverter(tokenUnlessPublic)
            .authenticationEntryPoint(problems)
            .accessDeniedHandler(problems))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .build();
  }
}
