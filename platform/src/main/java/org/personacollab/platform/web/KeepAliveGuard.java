package org.personacollab.platform.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Keeps Reactor Netty's HTTP/1.1 server reading a keep-alive connection after each exchange.
 *
 * <p>Why: Reactor Netty 1.3.x (1.3.6 here; fixed after 1.3.8, which needs a Netty this registry
 * did not serve when this was written) stops reading a keep-alive connection when a request that
 * arrived while the previous exchange was still running is taken from its buffer and answered at
 * once: the server's {@code HttpTrafficHandler} drains its buffer without asking the channel to
 * read again (reactor-netty #4361, fixed by #4347), so the next request on that connection is
 * never read and never answered, and no idle timeout reaps it. Our CI met it as a request that got
 * no answer in 30 s right after a quick 401 or 403 on the same connection (a filter answers those
 * at once), in session-service, sync-service and the gateway alike; browsers and the CLI reuse
 * connections the same way.
 *
 * <p>What: a handler after {@code HttpTrafficHandler} that, whenever an exchange ends (Reactor
 * Netty's {@code HttpServerOperationsTerminatedEvent}, which that handler passes on), asks the
 * channel to read once more, as a task after the current one: after the buffer has been drained.
 * A read requested while one is already pending changes nothing, and whatever it brings in is
 * handled by {@code HttpTrafficHandler} as any arrival is (buffered while an exchange runs).
 *
 * <p>Remove once the services run on a Reactor Netty with #4347; {@code KeepAliveGuardTest}
 * shows the hang without this handler and its absence with it.
 */
public final class KeepAliveGuard implements NettyServerCustomizer {
  static final String NAME = "persona.keepAliveGuard";
  /** Package-private in Reactor Netty, so known by name. */
  static final String TERMINATED_EVENT = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

  @Override
  public HttpServer apply(HttpServer server) {
    return server.doOnChannelInit((observer, channel, remote) -> install(channel));
  }

  static void install(Channel channel) {
    if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null && channel.pipeline().get(NAME) == null) {
      channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, NAME, new ReadAfterExchange());
    }
  }

  private static final class ReadAfterExchange extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event.getClass().getName().equals(TERMINATED_EVENT)) {
        Channel channel = ctx.channel();
        ctx.executor().execute(() -> {
          if (channel.isActive()) channel.read();
        });
      }
      super.userEventTriggered(ctx, event);
    }
  }
}
