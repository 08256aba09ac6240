package org.personacollab.client;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * {@link ReferenceServer} behind reactor-netty WebSockets at {@code /ws/sessions/{id}?name=},
 * decoding with the protocol's own {@link WireCodec}. Optional random delays on inbound and
 * outbound frames (order kept per socket) on top of the reference server's faults.
 */
final class FakeCollabServer implements AutoCloseable {
  private final ReferenceServer reference;
  private final WireCodec codec = new WireCodec();
  private final DisposableServer server;
  private final Random random;
  private volatile int maxDelayMillis;
  private volatile int inboundDelayMillis;

  FakeCollabServer(ReferenceServer reference, long seed) {
    this.reference = reference;
    this.random = new Random(seed);
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(r -> r.get("/ws/sessions/{id}", (req, res) -> {
              String id = req.param("id");
              String name = new QueryStringDecoder(req.uri()).parameters().getOrDefault("name", List.of("anonymous")).get(0);
              return res.sendWebsocket((in, out) -> socket(id, name, in, out),
                  WebsocketServerSpec.builder().maxFramePayloadLength(16 * 1024 * 1024).build());
            }))
            .bindNow();
  }

  /** Frames are held back up to this long, at random (0 turns delays off). */
  void maxDelay(Duration delay) {
    this.maxDelayMillis = (int) delay.toMillis();
  }

  /** Every inbound frame is held back this long (order kept), so that changes are surely concurrent. */
  void inboundDelay(Duration delay) {
    this.inboundDelayMillis = (int) delay.toMillis();
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.port());
  }

  ReferenceServer reference() {
    return reference;
  }

  private Mono<Void> delay() {
    int max = maxDelayMillis;
    if (max <= 0) {
      return Mono.empty();
    }
    int d;
    synchronized (random) {
      d = random.nextInt(4) == 0 ? random.nextInt(max + 1) : 0;
    }
    return d == 0 ? Mono.empty() : Mono.delay(Duration.ofMillis(d)).then();
  }

  private Mono<Void> fixedDelay() {
    int d = inboundDelayMillis;
    return d <= 0 ? Mono.empty() : Mono.delay(Duration.ofMillis(d)).then();
  }

  private final class NettyPeer implements ReferenceServer.Peer {
    final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    volatile Connection connection;
    volatile int closeCode;
    volatile String closeReason = "";

    @Override
    public void send(ServerFrame frame) {
      outbound.tryEmitNext(codec.write(frame));
    }

    @Override
    public void close(int code, String reason) {
      closeCode = code;
      closeReason = reason;
      outbound.tryEmitComplete();
    }

    @Override
    public void abort() {
      Connection c = connection;
      outbound.tryEmitComplete();
      if (c != null) {
        c.dispose();
      }
    }
  }

  private Mono<Void> socket(String sessionId, String name, WebsocketInbound in, WebsocketOutbound out) {
    NettyPeer peer = new NettyPeer();
    in.withConnection(c -> peer.connection = c);
    reference.open(sessionId, peer, name);
    Mono<Void> inbound =
        in.aggregateFrames(16 * 1024 * 1024)
            .receive()
            .asString(StandardCharsets.UTF_8)
            .concatMap(text -> fixedDelay().then(delay()).then(Mono.fromRunnable(() -> onText(peer, text))))
            .then();
    Flux<String> frames = peer.outbound.asFlux().concatMap(text -> delay().thenReturn(text));
    Mono<Void> outbound =
        out.sendString(frames, StandardCharsets.UTF_8)
            .then()
            .then(Mono.defer(() -> peer.closeCode == 0 ? Mono.empty() : out.sendClose(peer.closeCode, peer.closeReason)));
    return Mono.firstWithSignal(inbound, outbound).doFinally(s -> reference.closed(peer));
  }

  private void onText(NettyPeer peer, String text) {
    ClientFrame frame;
    try {
      frame = codec.decodeClientFrame(text);
    } catch (ProtocolException e) {
      peer.send(ErrorFrame.of(e.code(), e.getMessage()));
      return;
    }
    reference.receive(peer, frame);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
