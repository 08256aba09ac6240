package org.personacollab.cli.join;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;

/**
 * One session's WebSocket as the gateway speaks it, reduced to what the terminal participant
 * needs: a {@code welcome} with the given snapshot, every {@code op} sequenced in arrival order
 * and echoed to its sender (the ack), or refused by {@code refuse}; frames a test pushes (someone
 * else's op, arrivals, the session closing). No transformation: the tests make one change at a
 * time or only concurrent changes that commute.
 */
final class FakeGateway implements AutoCloseable {
  static final String CLIENT_ID = "c1.fake";

  private final DisposableServer server;
  private final Sinks.Many<String> pushed = Sinks.many().replay().all();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicLong version;
  private volatile Function<JsonNode, @Nullable String> refuse = frame -> null;
  private volatile int closeWith;

  FakeGateway(String snapshot, long version, List<String> participants) {
    this.version = new AtomicLong(version);
    String welcome = "{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s1\",\"clientId\":\"" + CLIENT_ID + "\",\"version\":"
        + version + ",\"snapshot\":" + snapshot + ",\"participants\":" + Json.line(participants)
        + ",\"resumed\":false,\"role\":\"editor\",\"presence\":[]}";
    this.server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes.ws("/ws/sessions/s1", (in, out) -> session(in, out, welcome)))
        .bindNow();
  }

  /** {@code ws://127.0.0.1:<port>} */
  String url() {
    return "ws://127.0.0.1:" + server.port();
  }

  /** Refuse ops for which {@code nack} returns a nack frame (else sequence them). */
  void refuse(Function<JsonNode, @Nullable String> nack) {
    this.refuse = nack;
  }

  /** Close every socket at once with this code instead of welcoming it. */
  void closeWith(int code) {
    this.closeWith = code;
  }

  /** Sends a frame to every socket (and to sockets that connect later). */
  void push(String frame) {
    pushed.tryEmitNext(frame);
  }

  /** Sends someone else's op, sequenced at the next version. */
  void pushOp(String userId, String op) {
    push("{\"type\":\"op\",\"v\":" + version.getAndIncrement() + ",\"src\":\"other\",\"seq\":1,\"op\":" + op
        + ",\"user_id\":\"" + userId + "\",\"ts\":0}");
  }

  /** The op frames the client sent. */
  List<JsonNode> ops() {
    return received.stream().filter(f -> f.path("type").asString("").equals("op")).toList();
  }

  private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out, String welcome) {
    if (closeWith != 0) {
      return out.sendClose(closeWith, "session_not_found: There is no session s1.");
    }
    Flux<String> answers = in.receive().asString().concatMap(text -> {
      JsonNode frame = Json.tree(text);
      received.add(frame);
      if (!frame.path("type").asString("").equals("op")) {
        return Mono.empty();
      }
      String nack = refuse.apply(frame);
      if (nack != null) {
        return Mono.just(nack);
      }
      return Mono.just("{\"type\":\"op\",\"v\":" + version.getAndIncrement() + ",\"src\":\"" + CLIENT_ID + "\",\"seq\":"
          + frame.path("seq").asLong() + ",\"op\":" + frame.get("op") + ",\"user_id\":\"dev:bob\",\"ts\":0}");
    });
    return out.sendString(Flux.concat(Mono.just(welcome), Flux.merge(answers, pushed.asFlux()))).then();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
