package org.personacollab.gateway.security;

import io.netty.channel.EventLoop;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * A handshake service that carries the {@link Identity} {@link SocketAuthFilter} put on the
 * exchange, and session-service's answer about it ({@link SocketAuthFilter#ACCESS}), over to the
 * socket's attributes.
 *
 * <p>Spring's own {@code sessionAttributePredicate} copies from the {@code WebSession}, which
 * would mean creating a web session for every socket; the identity lives on the exchange instead,
 * so it is handed over here, when the handler is wrapped for the upgrade.
 */
public final class IdentityHandshakeService extends HandshakeWebSocketService {

  public IdentityHandshakeService(RequestUpgradeStrategy upgradeStrategy) {
    super(upgradeStrategy);
  }

  @Override
  public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
    return onChannelLoop(exchange, Mono.defer(() -> upgrade(exchange, handler)));
  }

  /**
   * The upgrade runs on the socket's own event loop. The checks before it (session-service's
   * answer, a retry after its back-off) complete on other threads; an upgrade started there
   * races the client's first frame, which can arrive while Netty is still switching the
   * connection's pipeline from HTTP to WebSocket and is then lost (found by FuzzIntegrationTest:
   * a frame sent the moment the socket opened went unanswered).
   */
  static Mono<Void> onChannelLoop(ServerWebExchange exchange, Mono<Void> upgrade) {
    EventLoop loop = eventLoop(exchange);
    if (loop == null) return upgrade;
    return Mono.defer(() -> loop.inEventLoop() ? upgrade : upgrade.subscribeOn(Schedulers.fromExecutor(loop)));
  }

  private static @Nullable EventLoop eventLoop(ServerWebExchange exchange) {
    try {
      Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
      return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    } catch (IllegalArgumentException notNetty) {
      return null;
    }
  }

  private Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler) {
    Object identity = exchange.getAttribute(SocketAuthFilter.IDENTITY);
    if (identity == null) {
      return super.handleRequest(exchange, handler);
    }
    return super.handleRequest(exchange, new WebSocketHandler() {
      @Override
      public List<String> getSubProtocols() {
        return handler.getSubProtocols();
      }

      @Override
      public Mono<Void> handle(WebSocketSession session) {
        session.getAttributes().put(SocketAuthFilter.IDENTITY, identity);
        Object access = exchange.getAttribute(SocketAuthFilter.ACCESS);
        if (access != null) session.getAttributes().put(SocketAuthFilter.ACCESS, access);
        return handler.handle(session);
      }
    });
  }
}
