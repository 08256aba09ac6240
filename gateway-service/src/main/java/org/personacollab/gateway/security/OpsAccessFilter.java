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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/sessions/{id}/ops}, and the history routes ({@code GET …/history},
 * {@code GET …/versions/{v}}, {@code POST …/restore}), are routed to sync-service, which knows nothing of tokens or
 * participants. ADR 7 wants every per-session call made with a session token of that session, by
 * an active participant; so before the route, the gateway asks session-service as it does for a
 * socket ({@link ParticipantDirectory}) and passes its refusal on: 403 {@code forbidden} (a user
 * token, another session's token), 403 {@code not_a_participant} (left or removed), 404
 * {@code session_not_found}, 503 {@code unavailable}. A closed session's participants may still
 * read its ops and history.
 *
 * <p>A restore changes the document, so it needs an open session (410 {@code session_closed}) and
 * an editor or facilitator (403 {@code forbidden} for a viewer). The gateway tells sync-service who
 * is asking in {@code X-Persona-User-Id}, {@code X-Persona-User-Name} and {@code X-Persona-Role},
 * which it sets itself: those headers sent by a client are removed from every request first.
 *
 * <p>Runs after Spring Security's chain, which has already refused a missing or invalid token with
 * 401.
 */
final class OpsAccessFilter implements WebFilter, Ordered {
  private static final Pattern OPS = Pattern.compile("/api/sessions/([^/]+)/(ops|history|versions/[^/]+|restore)/?");
  static final String USER_ID = "X-Persona-User-Id";
  static final String USER_NAME = "X-Persona-User-Name";
  static final String ROLE = "X-Persona-Role";

  private final ParticipantDirectory participants;
  private final JsonMapper json;

  OpsAccessFilter(ParticipantDirectory participants, JsonMapper json) {
    this.participants = participants;
    this.json = json;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders sent = exchange.getRequest().getHeaders();
    if (sent.containsHeader(USER_ID) || sent.containsHeader(USER_NAME) || sent.containsHeader(ROLE)) {
      exchange = exchange.mutate().request(r -> r.headers(h -> {
        h.remove(USER_ID);
        h.remove(USER_NAME);
        h.remove(ROLE);
      })).build();
    }
    ServerWebExchange clean = exchange;
    Matcher ops = OPS.matcher(clean.getRequest().getURI().getPath());
    String authorization = clean.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (!ops.matches() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return chain.filter(clean);
    }
    String sessionId = ops.group(1);
    boolean restore = ops.group(2).equals("restore");
    String token = authorization.substring(7).trim();
    return ReactiveSecurityContextHolder.getContext()
        .map(SecurityContext::getAuthentication)
        .defaultIfEmpty(ANONYMOUS)
        .flatMap(auth -> {
          String userId = auth == ANONYMOUS ? "" : auth.getName();
          Mono<ParticipantDirectory.Status> status = userId.isEmpty()
              ? Mono.just(new ParticipantDirectory.Status.Refused(ErrorCode.UNAUTHORIZED, "Sign in first."))
              : participants.lookup(new Identity(userId, userId, sessionId, Identity.Role.VIEWER, Instant.MAX, token));
          return status
              .onErrorResume(ApiException.class, e -> Mono.just(new ParticipantDirectory.Status.Refused(e.code(), e.getMessage())))
              .flatMap(s -> {
                if (s instanceof ParticipantDirectory.Status.Refused refused && (restore || refused.code() != ErrorCode.SESSION_CLOSED)) {
                  return SecurityConfig.write(clean.getResponse(), refused.code(), refused.message(), json);
                }
                String role = s instanceof ParticipantDirectory.Status.Participant p ? p.role().wire() : "viewer";
                if (restore && !role.equals("editor") && !role.equals("facilitator")) {
                  return SecurityConfig.write(
                      clean.getResponse(), ErrorCode.FORBIDDEN, "Only editors and facilitators can restore a version.", json);
                }
                String name = auth instanceof JwtAuthenticationToken jwt && jwt.getToken().getClaimAsString("name") != null
                    ? jwt.getToken().getClaimAsString("name") : userId;
                return chain.filter(clean.mutate().request(r -> r.headers(h -> {
                  h.set(USER_ID, userId);
                  h.set(USER_NAME, java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
                  h.set(ROLE, role);
                })).build());
              });
        });
  }

  private static final Authentication ANONYMOUS =
      new org.springframework.security.authentication.AnonymousAuthenticationToken(
          "none", "none", org.springframework.security.core.authority.AuthorityUtils.createAuthorityList("NONE"));

  /** After Spring Security's filter chain (order -100). */
  @Override
  public int getOrder() {
    return 0;
  }
}
