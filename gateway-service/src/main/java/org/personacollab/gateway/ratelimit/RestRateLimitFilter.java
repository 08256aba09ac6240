package org.personacollab.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.ErrorCode;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits REST calls per caller with Spring Cloud Gateway's {@link RedisRateLimiter} (a token
 * bucket in Redis, so every gateway instance counts against the same bucket). The caller is the
 * token's subject once Spring Security has authenticated it, else the client address (the
 * development login and the key set are open). Over the limit: {@code 429} problem JSON with code
 * {@code rate_limited}, a {@code Retry-After} header in whole seconds and {@code retryAfter} in
 * milliseconds in the body, like the socket's {@code nack}; the request does not reach the
 * service. The {@code X-RateLimit-*} headers of the limiter go out on every response.
 *
 * <p>If Redis cannot be reached the limiter lets calls through (Spring Cloud Gateway's choice,
 * kept: an outage of the counter must not take the API down); the services' own limits
 * ({@code max_sessions} and others) still hold.
 */
public final class RestRateLimitFilter implements GlobalFilter, Ordered {
  /** One bucket per caller over all routes: the limit is per user, not per endpoint. */
  static final String BUCKET = "rest";

  private final RateLimiter<?> limiter;
  private final RedisKeys keys;
  private final int requestsPerSecond;
  private final JsonMapper json;

  public RestRateLimitFilter(RateLimiter<?> limiter, RedisKeys keys, int requestsPerSecond, JsonMapper json) {
    this.limiter = limiter;
    this.keys = keys;
    this.requestsPerSecond = requestsPerSecond;
    this.json = json;
  }

  @Override
  public int getOrder() {
    // Before the routing filters, after Spring Security (a WebFilter, so it ran already).
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return caller(exchange)
        .flatMap(key -> limiter.isAllowed(BUCKET, key))
        .flatMap(
            response -> {
              response.getHeaders().forEach(exchange.getResponse().getHeaders()::set);
              return response.isAllowed() ? chain.filter(exchange) : refuse(exchange.getResponse());
            });
  }

  /** {@code persona:rest:user:<sub>} or {@code persona:rest:addr:<ip>}. */
  Mono<String> caller(ServerWebExchange exchange) {
    return exchange
        .getPrincipal()
        .mapNotNull(Principal::getName) // a token without a subject (an invite) counts by address
        .map(name -> keys.key("rest", "user", name))
        .switchIfEmpty(Mono.fromSupplier(() -> keys.key("rest", "addr", address(exchange))));
  }

  private static String address(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    if (remote == null) return "unknown";
    return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
  }

  private Mono<Void> refuse(ServerHttpResponse response) {
    long retryAfterMillis = Math.max(1, (1000 + requestsPerSecond - 1) / requestsPerSecond);
    response.setRawStatusCode(ErrorCode.RATE_LIMITED.httpStatus());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString((retryAfterMillis + 999) / 1000));
    var problem =
        ProblemHandler.problem(
            ErrorCode.RATE_LIMITED,
            "Too many requests: at most " + requestsPerSecond + " per second per person. Wait a moment and try again.");
    problem.setProperty("retryAfter", retryAfterMillis);
    byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
