package org.personacollab.generation.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * generation-service accepts session tokens only (issued by session-service, verified against its
 * published keys): the controller checks that the token is for the session in the path, and asks
 * session-service ({@link SessionAccessClient}) whether its holder may edit there now. Health and
 * metrics are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfig {
  @Bean
  ReactiveJwtDecoder jwtDecoder(PersonaProperties persona, @Value("${persona.auth.issuer:persona-collab}") String issuer) {
    URI jwks = persona.services().sessionUrl().resolve("/api/auth/jwks");
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(jwks.toString()).jwsAlgorithm(SignatureAlgorithm.ES256).build();
    decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
    return decoder;
  }

  @Bean
  SessionAccessClient sessionAccessClient(org.springframework.web.reactive.function.client.WebClient.Builder builder, PersonaProperties persona) {
    return new SessionAccessClient(builder, persona.services());
  }

  @Bean
  SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder, JsonMapper json) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .authorizeExchange(e -> e.pathMatchers("/api/**").authenticated().anyExchange().permitAll())
        .oauth2ResourceServer(
            oauth ->
                oauth.jwt(jwt -> jwt.jwtDecoder(decoder))
                    .authenticationEntryPoint((exchange, e) -> write(exchange.getResponse(), ErrorCode.UNAUTHORIZED, json))
                    .accessDeniedHandler((exchange, e) -> write(exchange.getResponse(), ErrorCode.FORBIDDEN, json)))
        .build();
  }

  private static Mono<Void> write(ServerHttpResponse response, ErrorCode code, JsonMapper json) {
    response.setRawStatusCode(code.httpStatus());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (code.httpStatus() == 401) response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    byte[] body = json.writeValueAsString(ProblemHandler.problem(code, code.message())).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
