package org.personacollab.session.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.session.auth.TokenValidators;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security filter chain's failures as the same {@code application/problem+json} that
 * {@code ProblemHandler} writes for the controllers (the chain runs before them, so it cannot use
 * the controller advice):
 *
 * <ul>
 *   <li>no bearer token: 401 {@code unauthorized}, {@code WWW-Authenticate: Bearer};
 *   <li>a token that is malformed, forged, of an unknown issuer or an invite: 401
 *       {@code unauthorized}, {@code WWW-Authenticate: Bearer error="invalid_token"};
 *   <li>an expired token: 401 {@code token_expired};
 *   <li>denied by the chain: 403 {@code forbidden}.
 * </ul>
 */
public final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {
  private final JsonMapper json;

  public SecurityProblems(JsonMapper json) {
    this.json = json;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
    boolean hadToken = failure instanceof OAuth2AuthenticationException;
    boolean expired = TokenValidators.isExpired(failure);
    ErrorCode code = expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED;
    String detail =
        expired
            ? "Your token has expired; sign in again (POST /api/auth/token), then join the session again for a new session token."
            : hadToken
                ? "The bearer token is not valid: " + reason(failure)
                : "Sign in first: send Authorization: Bearer <token> (POST /api/auth/token gives you one).";
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
        hadToken ? "Bearer error=\"invalid_token\"" : "Bearer");
    return write(exchange, code, detail);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return write(exchange, ErrorCode.FORBIDDEN, "You are not allowed to do that.");
  }

  /** The most specific human reason: the failed validation's own description if there is one. */
  private static String reason(AuthenticationException failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JwtValidationException v && !v.getErrors().isEmpty()) {
        return v.getErrors().iterator().next().getDescription();
      }
    }
    String message = failure.getMessage();
    return message == null ? "it could not be decoded." : message;
  }

  private Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "urn:persona-collab:error:" + code.code());
    HttpStatus status = HttpStatus.valueOf(code.httpStatus());
    problem.put("title", status.getReasonPhrase());
    problem.put("status", code.httpStatus());
    problem.put("detail", detail);
    problem.put("instance", exchange.getRequest().getPath().value());
    problem.put("code", code.code());
    byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }
}
