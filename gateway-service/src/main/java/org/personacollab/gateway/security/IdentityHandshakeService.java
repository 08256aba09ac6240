package org.personacollab.gateway.security;

import java.util.List;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

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
