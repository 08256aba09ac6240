package org.personacollab.gateway.security;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.personacollab.gateway.web.ParticipantDirectory;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/sessions/{id}/ops} is routed to sync-service, which knows nothing of tokens or
 * participants. ADR 7 wants every per-session call made with a session token of that session, by
 * an active participant; so before the route, the gateway asks session-service as it does for a
 * socket ({@link ParticipantDirectory}) and passes its refusal on: 403 {@code forbidden} (a user
 * token, another session's token), 403 {@code not_a_participant} (left or removed), 404
 * {@code session_not_found}, 503 {@code unavailable}. A closed session's participants may still
 * read its ops.
 *
 * <p>Runs after Spring Security's chain, which has already refused a missing or invalid token with
 * 401.
 */
final class OpsAccessFilter implements WebFilter, Ordered {
  private static final Pattern OPS = Pattern.compile("/api/sessions/([^/]+)/ops/?");

  private final ParticipantDirectory participants;
  private final JsonMapper json;

  OpsAccessFilter(ParticipantDirectory participants, JsonMapper json) {
    this.participants = participants;
    this.json = json;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Matcher ops = OPS.matcher(exchange.getRequest().getURI().getPath());
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (!ops.matches() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return chain.filter(exchange);
    }
    String sessionId = ops.group(1);
    String token = authorization.substring(7).trim();
    return ReactiveSecurityContextHolder.getContext()
        .map(SecurityContext::getAuthentication)
        .map(Authentication::getName)
        .defaultIfEmpty("")
        .flatMap(userId -> userId.isEmpty()
            ? Mono.<ParticipantDirectory.Status>just(new ParticipantDirectory.Status.Refused(ErrorCode.UNAUTHORIZED, "Sign in first."))
            : participants.lookup(new Identity(userId, userId, sessionId, Identity.Role.VIEWER, Instant.MAX, token)))
        .onErrorResume(ApiException.class, e -> Mono.just(new ParticipantDirectory.Status.Refused(e.code(), e.getMessage())))
        .flatMap(status -> status instanceof ParticipantDirectory.Status.Refused refused && refused.code() != ErrorCode.SESSION_CLOSED
            ? SecurityConfig.write(exchange.getResponse(), refused.code(), refused.message(), json)
            : chain.filter(exchange));
  }

  /** After Spring Security's filter chain (order -100). */
  @Override
  public int getOrder() {
    return 0;
  }
}
