package org.personacollab.gateway.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.personacollab.gateway.web.ParticipantDirectory;
import org.personacollab.platform.web.ApiException;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a socket before the WebSocket upgrade, so a refusal is a plain HTTP answer
 * ({@code application/problem+json}) the client can read:
 *
 * <ol>
 *   <li>{@code Origin}, when present (browsers always send it), must be the gateway's own origin
 *       or match {@code persona.gateway.allowed-origins}: 403 {@code origin_not_allowed}. This is
 *       what stops cross-site WebSocket hijacking: a page elsewhere cannot ride on a user's
 *       browser.
 *   <li>A token, as {@code Authorization: Bearer <token>} (CLI, Java client) or in
 *       {@code Sec-WebSocket-Protocol: persona.v1, bearer.<token>} (browsers cannot set headers on
 *       a WebSocket): none or invalid → 401 {@code unauthorized} (expired: {@code token_expired}).
 *   <li>It must be a session token for the socket's session: anything else → 403
 *       {@code not_a_participant} (join the session first).
 *   <li>Its holder must be a participant now (session-service is asked, see
 *       {@link ParticipantDirectory}): one who left or was removed → 403
 *       {@code not_a_participant}. A token that outlives a removal opens nothing.
 *   <li>The session must be open: a closed one → 410 {@code session_closed}.
 * </ol>
 *
 * The {@link Identity}, with the role the session holds now, is handed to the socket handler as
 * the exchange attribute {@link #IDENTITY}, and session-service's answer as {@link #ACCESS}: the
 * refusals that are told on the socket rather than before it (an unknown session, 4404;
 * session-service unreachable, 4504) are left to the handler, as {@code docs/protocol.md}
 * describes them.
 */
public final class SocketAuthFilter implements WebFilter, Ordered {
  /** The exchange (and socket session) attribute that carries the {@link Identity}. */
  public static final String IDENTITY = Identity.class.getName();
  /**
   * The exchange (and socket session) attribute that carries session-service's answer: a
   * {@link ParticipantDirectory.Status}, or the {@link ApiException} it failed with.
   */
  public static final String ACCESS = SocketAuthFilter.class.getName() + ".access";
  /** The subprotocol the server speaks; a browser offers it together with its token. */
  public static final String SUBPROTOCOL = "persona.v1";
  private static final String PREFIX = "/ws/sessions/";
  private static final String BEARER_PROTOCOL = "bearer.";

  private final ReactiveJwtDecoder decoder;
  private final ParticipantDirectory participants;
  private final org.personacollab.platform.config.CollaborationProperties collaboration;
  private final List<Pattern> allowedOrigins;
  private final JsonMapper json;

  public SocketAuthFilter(
      ReactiveJwtDecoder decoder,
      ParticipantDirectory participants,
      org.personacollab.platform.config.CollaborationProperties collaboration,
      List<String> allowedOrigins,
      JsonMapper json) {
    this.decoder = decoder;
    this.participants = participants;
    this.collaboration = collaboration;
    this.allowedOrigins = allowedOrigins.stream().map(SocketAuthFilter::pattern).toList();
    this.json = json;
  }

  /** {@code http://localhost:*} → a pattern; {@code *} stands for any run of characters. */
  static Pattern pattern(String origin) {
    StringBuilder regex = new StringBuilder();
    for (String part : origin.split("\\*", -1)) {
      if (regex.length() > 0) regex.append(".*");
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getURI().getPath();
    // With collaboration switched off, the handler refuses every socket (4503) without asking who.
    if (!path.startsWith(PREFIX) || !collaboration.enabled()) return chain.filter(exchange);
    String sessionId = path.substring(PREFIX.length());
    String origin = exchange.getRequest().getHeaders().getOrigin();
    if (origin != null && !originAllowed(origin, exchange)) {
      return refuse(exchange, ErrorCode.ORIGIN_NOT_ALLOWED, "Connections from " + origin + " are not allowed.");
    }
    String token = token(exchange.getRequest().getHeaders());
    if (token == null) {
      return refuse(exchange, ErrorCode.UNAUTHORIZED,
          "Sign in first: send a session token as \"Authorization: Bearer <token>\" or in Sec-WebSocket-Protocol as \"bearer.<token>\".");
    }
    return decoder
        .decode(token)
        .map(jwt -> checked(jwt, sessionId, token))
        .onErrorResume(
            JwtException.class,
            e -> Mono.just(isExpired(e)
                ? new Refusal(ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_EXPIRED.message())
                : new Refusal(ErrorCode.UNAUTHORIZED, "The token is not valid.")))
        .flatMap(checked -> checked instanceof Refusal refusal
            ? refuse(exchange, refusal.code(), refusal.detail())
            : participants.lookup((Identity) checked)
                .<Object>map(status -> status)
                .onErrorResume(ApiException.class, Mono::just)
                .flatMap(access -> admit(exchange, chain, (Identity) checked, access)));
  }

  /** A refusal decided before the upgrade. */
  private record Refusal(ErrorCode code, String detail) {}

  /** The {@link Identity} of a session token for this session, or why there is none. */
  private static Object checked(Jwt jwt, String sessionId, String token) {
    if (!"session".equals(jwt.getClaimAsString("typ")) || !sessionId.equals(jwt.getClaimAsString("sid"))) {
      return new Refusal(ErrorCode.NOT_A_PARTICIPANT, "This token is not for session " + sessionId + ": join the session to get one.");
    }
    try {
      return identity(jwt, sessionId, token);
    } catch (RuntimeException e) {
      return new Refusal(ErrorCode.UNAUTHORIZED, "The token lacks the claims a session token has.");
    }
  }

  /** Refuses the holder who is not a participant now; otherwise hands identity and answer on. */
  private Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain, Identity identity, Object access) {
    Identity current = identity;
    if (access instanceof ParticipantDirectory.Status.Participant participant) {
      current = new Identity(identity.userId(), identity.name(), identity.sessionId(), participant.role(), identity.expiresAt(), identity.token());
    } else if (access instanceof ParticipantDirectory.Status.Refused refused) {
      switch (refused.code()) {
        case NOT_A_PARTICIPANT, FORBIDDEN, UNAUTHORIZED, TOKEN_EXPIRED, SESSION_CLOSED -> {
          ErrorCode code = refused.code() == ErrorCode.FORBIDDEN ? ErrorCode.NOT_A_PARTICIPANT : refused.code();
          return refuse(exchange, code, refused.message());
        }
        default -> { } // told on the socket: session_not_found 4404
      }
    }
    exchange.getAttributes().put(IDENTITY, current);
    exchange.getAttributes().put(ACCESS, access);
    return chain.filter(exchange);
  }

  static Identity identity(Jwt jwt, String sessionId, String token) {
    String name = jwt.getClaimAsString("name");
    Instant exp = jwt.getExpiresAt();
    return new Identity(
        jwt.getSubject(),
        name == null ? jwt.getSubject() : name,
        sessionId,
        Identity.Role.of(jwt.getClaimAsString("role")),
        exp == null ? Instant.MAX : exp,
        token);
  }

  private static boolean isExpired(JwtException e) {
    if (e instanceof JwtValidationException v) {
      return v.getErrors().stream().anyMatch(error -> error.getDescription() != null && error.getDescription().contains("expired"));
    }
    return e.getMessage() != null && e.getMessage().contains("expired");
  }

  private boolean originAllowed(String origin, ServerWebExchange exchange) {
    URI request = exchange.getRequest().getURI();
    String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
    if (host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host))) return true;
    if (request.getHost() != null && origin.equalsIgnoreCase(request.getScheme().replace("ws", "http") + "://" + request.getAuthority())) {
      return true;
    }
    for (Pattern allowed : allowedOrigins) if (allowed.matcher(origin).matches()) return true;
    return false;
  }

  /** The token from the Authorization header, or from a {@code bearer.<token>} subprotocol. */
  static @Nullable String token(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    for (String value : headers.getOrEmpty("Sec-WebSocket-Protocol")) {
      for (String protocol : value.split(",")) {
        String p = protocol.trim();
        if (p.startsWith(BEARER_PROTOCOL) && p.length() > BEARER_PROTOCOL.length()) return p.substring(BEARER_PROTOCOL.length());
      }
    }
    return null;
  }

  private Mono<Void> refuse(ServerWebExchange exchange, ErrorCode code, String detail) {
    var response = exchange.getResponse();
    response.setRawStatusCode(code.httpStatus());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (code.httpStatus() == 401) response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    byte[] body = json.writeValueAsString(ProblemHandler.problem(code, detail)).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  /** Runs before Spring Security's filters, which do not guard the socket path. */
  @Override
  public int getOrder() {
    return -200;
  }
}
