package org.personacollab.gateway.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.personacollab.gateway.config.GatewayProperties;
import org.personacollab.gateway.web.ParticipantDirectory;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * REST security at the edge: every {@code /api/**} call needs a valid token (ours, or the
 * external issuer's when configured), except the development login and the key set; the page,
 * health and metrics are open. Refusals are problem JSON with {@code unauthorized} or
 * {@code token_expired}. The token travels on to the services, which check roles themselves,
 * except sync-service, which knows nothing of participants: {@link OpsAccessFilter} checks its
 * route. Sockets are checked by {@link SocketAuthFilter} before their upgrade.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfig {
  /** How far the clocks of the token's issuer and this gateway may disagree. */
  static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofSeconds(30);

  /** Our own tokens, verified against session-service's published keys. */
  @Bean
  ReactiveJwtDecoder jwtDecoder(AuthProperties auth, PersonaProperties persona) {
    URI jwks = auth.jwksUri() != null ? auth.jwksUri() : persona.services().sessionUrl().resolve("/api/auth/jwks");
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(jwks.toString()).jwsAlgorithm(SignatureAlgorithm.ES256).build();
    // The same 30 s of clock skew as session-service (Spring's default would be 60 s).
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_SKEW), new JwtIssuerValidator(auth.issuer())));
    return decoder;
  }

  @Bean
  SocketAuthFilter socketAuthFilter(
      ReactiveJwtDecoder decoder,
      ParticipantDirectory participants,
      org.personacollab.platform.config.CollaborationProperties collaboration,
      GatewayProperties gateway,
      JsonMapper json) {
    return new SocketAuthFilter(decoder, participants, collaboration, gateway.allowedOrigins(), json);
  }

  @Bean
  OpsAccessFilter opsAccessFilter(ParticipantDirectory participants, JsonMapper json) {
    return new OpsAccessFilter(participants, json);
  }

  @Bean
  SecurityWebFilterChain securityFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder decoder, AuthProperties auth, JsonMapper json) {
    JwtReactiveAuthenticationManager ours = new JwtReactiveAuthenticationManager(decoder);
    var resolver =
        auth.externalIssuerUri() == null
            ? JwtIssuerReactiveAuthenticationManagerResolver.fromTrustedIssuers(auth.issuer())
            : JwtIssuerReactiveAuthenticationManagerResolver.fromTrustedIssuers(auth.issuer(), auth.externalIssuerUri());
    ServerAuthenticationEntryPoint unauthorized =
        (exchange, e) -> {
          boolean expired = e.getMessage() != null && e.getMessage().contains("expired");
          ErrorCode code = expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED;
          return write(exchange.getResponse(), code, expired ? code.message() : "Sign in first: this needs a valid token.", json);
        };
    ServerAccessDeniedHandler denied =
        (exchange, e) -> write(exchange.getResponse(), ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.message(), json);
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers("/api/auth/token", "/api/auth/jwks", "/.well-known/jwks.json", "/api/collaboration")
                    .permitAll()
                    .pathMatchers("/api/**")
                    .authenticated()
                    .anyExchange()
                    .permitAll())
        .oauth2ResourceServer(
            oauth ->
                oauth.authenticationManagerResolver(
                        auth.externalIssuerUri() == null ? exchange -> Mono.just(ours) : resolverWithOurs(resolver, ours, auth))
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(denied))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied))
        .build();
  }

  /** Our issuer with our decoder (keys from session-service), the external one by discovery. */
  private static org.springframework.security.authentication.ReactiveAuthenticationManagerResolver<org.springframework.web.server.ServerWebExchange>
      resolverWithOurs(JwtIssuerReactiveAuthenticationManagerResolver byIssuer, JwtReactiveAuthenticationManager ours, AuthProperties auth) {
    var external = new JwtReactiveAuthenticationManager(ReactiveJwtDecoders.fromIssuerLocation(auth.externalIssuerUri()));
    var both =
        new JwtIssuerReactiveAuthenticationManagerResolver(
            issuer -> Mono.justOrEmpty(
                auth.issuer().equals(issuer) ? ours : auth.externalIssuerUri().equals(issuer) ? external : null));
    return both;
  }

  static Mono<Void> write(
      org.springframework.http.server.reactive.ServerHttpResponse response, ErrorCode code, String detail, JsonMapper json) {
    response.setRawStatusCode(code.httpStatus());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (code.httpStatus() == 401) response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    byte[] body = json.writeValueAsString(ProblemHandler.problem(code, detail)).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
