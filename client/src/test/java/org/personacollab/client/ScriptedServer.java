package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.WireCodec;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket server whose every move is made by the test: it hands each accepted socket to the
 * test ({@link #accept()}), which reads what the client sent and sends frames or closes.
 */
final class ScriptedServer implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final WireCodec codec = new WireCodec();
  private final BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
  private final DisposableServer server;

  ScriptedServer() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(r -> r.get("/ws/sessions/{id}", (req, res) -> {
              Socket s = new Socket(req.param("id"), req.uri(), req.requestHeaders());
              return res.sendWebsocket((in, out) -> {
                in.withConnection(c -> s.connection = c);
                sockets.add(s);
                Mono<Void> inbound =
                    in.receive().asString(StandardCharsets.UTF_8).doOnNext(s.received::add).then()
                        .doFinally(sig -> s.clientGone = true);
                Mono<Void> outbound =
                    out.sendString(s.outbound.asFlux(), StandardCharsets.UTF_8).then()
                        .then(Mono.defer(() -> s.closeCode == 0 ? Mono.empty() : out.sendClose(s.closeCode, s.closeReason)));
                return Mono.firstWithSignal(inbound, outbound);
              });
            }))
            .bindNow();
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.port());
  }

  /** The next socket a client opened (waits up to 5 s). */
  Socket accept() throws InterruptedException {
    Socket s = sockets.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(s).as("a client connection within " + WAIT).isNotNull();
    return s;
  }

  /** The next socket within {@code wait}, or null. */
  @Nullable Socket poll(Duration wait) throws InterruptedException {
    return sockets.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  final class Socket {
    final @Nullable String sessionId;
    final String uri;
    final HttpHeaders headers;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    volatile @Nullable Connection connection;
    volatile int closeCode;
    volatile String closeReason = "";
    volatile boolean clientGone;

    Socket(@Nullable String sessionId, String uri, HttpHeaders headers) {
      this.sessionId = sessionId;
      this.uri = uri;
      this.headers = headers;
    }

    /** Sends one text frame. */
    Socket send(String json) {
      outbound.tryEmitNext(json);
      return this;
    }

    Socket welcome(String clientId, long version, String snapshot) {
      return send("{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s1\",\"clientId\":\"" + clientId
          + "\",\"version\":" + version + ",\"snapshot\":" + snapshot + ",\"participants\":[],\"resumed\":false}");
    }

    Socket resumed(String clientId, long version) {
      return send("{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s1\",\"clientId\":\"" + clientId
          + "\",\"version\":" + version + ",\"participants\":[],\"resumed\":true}");
    }

    Socket op(long v, String src, long seq, String op, String user) {
      return send("{\"type\":\"op\",\"v\":" + v + ",\"src\":\"" + src + "\",\"seq\":" + seq + ",\"op\":" + op
          + ",\"user_id\":\"" + user + "\",\"ts\":1}");
    }

    Socket nack(long seq, String code, @Nullable Long retryAfter) {
      return send("{\"type\":\"nack\",\"seq\":" + seq + ",\"code\":\"" + code + "\",\"message\":\"scripted\""
          + (retryAfter == null ? "" : ",\"retryAfter\":" + retryAfter) + "}");
    }

    /** Closes with a close code after the frames sent so far. */
    void close(int code, String reason) {
      closeCode = code;
      closeReason = reason;
      outbound.tryEmitComplete();
    }

    /** Drops the TCP connection without a close frame. */
    void abort() {
      Connection c = connection;
      if (c != null) {
        c.dispose();
      }
    }

    /** The next frame the client sent, parsed (waits up to 5 s). */
    JsonNode take() throws InterruptedException {
      String text = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(text).as("a frame from the client within " + WAIT).isNotNull();
      return codec.readTree(text);
    }

    /** The next frame the client sent that is not a ping. */
    JsonNode takeSkippingPings() throws InterruptedException {
      JsonNode n;
      do {
        n = take();
      } while ("ping".equals(n.get("type").asString()));
      return n;
    }

    /** The next frame within {@code wait}, or null. */
    @Nullable JsonNode poll(Duration wait) throws InterruptedException {
      String text = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      return text == null ? null : codec.readTree(text);
    }
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
