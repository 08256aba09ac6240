package org.personacollab.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Op;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * One participant of one Persona Collab session, speaking the WebSocket protocol
 * ({@code docs/protocol.md}) with ShareDB's document state machine on json0.
 *
 * <pre>{@code
 * PersonaClient client = PersonaClient.builder(URI.create("ws://localhost:8080"), sessionId)
 *     .name("alice")
 *     .build();
 * client.connect().block(Duration.ofSeconds(10));
 * client.set(List.of("demographics", "age"), 34).block();        // acknowledged by the server
 * client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"Dr \"}]"));  // fire and forget
 * client.changes().subscribe(e -> render(e.document()));
 * client.whenSynced().then(client.close()).block();
 * }</pre>
 *
 * <h2>Calls act at once</h2>
 *
 * Unlike most methods that return a {@code Mono}, {@link #connect()}, {@link #submit},
 * {@link #set}, {@link #submitWith} and {@link #close()} do their work when they are called; the
 * returned {@code Mono} only reports the outcome. It can be subscribed to any number of times
 * (late subscribers get the outcome) or not at all (nothing is lost). The fluxes are hot: a
 * subscriber sees what happens after it subscribed, every subscriber gets its own unbounded
 * buffer (no event is dropped for a slow subscriber), and they complete when the client closes.
 *
 * <h2>Threads</h2>
 *
 * Every method is thread-safe. The client's state changes under one lock, held only for
 * in-memory OT work (transform and apply of one op), never across I/O or user code. Events,
 * frames, states and outcomes are delivered in the order the state changed, one at a time,
 * outside the lock, on the thread that caused them: a reactor-netty event loop for what the
 * server sent, a timer thread for retries, the caller's thread for local changes. Subscribers
 * must not block (use {@code publishOn} to move work elsewhere); they may call the client.
 *
 * <h2>Connection</h2>
 *
 * Transient losses (server restart 1012, too slow 4408, resync 4409, idle 4000, transport errors,
 * silence for two heartbeat periods) are retried with jittered exponential backoff, and the client
 * resumes from its version: nothing acknowledged is lost, nothing is applied twice, and local
 * changes keep being accepted meanwhile. A permanent refusal (4404 unknown session, 4503
 * collaboration disabled, 4410 session closed, 1008/4401/4403 authentication) closes the client with a
 * {@link ConnectionRefusedException}.
 */
public interface PersonaClient {
  /**
   * A builder for a client of session {@code sessionId} on the server at {@code server}
   * ({@code ws://host:port} or {@code wss://...}, optionally with a path prefix).
   */
  static Builder builder(URI server, String sessionId) {
    return new Builder(server, sessionId);
  }

  /**
   * Starts connecting (once; later calls return the same outcome). Transient failures are
   * retried with backoff for as long as it takes: add {@code timeout(...)} to bound the wait.
   *
   * @return completes when the first {@code welcome} has been applied (the document is then
   *     available); errors with {@link ConnectionRefusedException} when the server refuses the
   *     client for good, or {@link ClientClosedException} when {@link #close()} comes first
   */
  Mono<Void> connect();

  /**
   * The document with every local change applied (local echo): an immutable JSON value
   * ({@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean}),
   * null before the first welcome.
   */
  @Nullable Object document();

  /** How many sequenced ops {@link #document()} contains (-1 before the first welcome). */
  long version();

  /** The id the server knows this client by (the {@code src} of its ops); null before the first welcome. */
  @Nullable String clientId();

  /** The current connection state. */
  ConnectionState state();

  /**
   * Applies {@code op} to the local document at once (a {@link DocumentEvent.Kind#LOCAL} event)
   * and sends it when the change before it has been acknowledged; changes made meanwhile are
   * composed into one op. Allowed while reconnecting.
   *
   * @return completes when the server has sequenced the change (its own op came back; a change
   *     transformed into nothing by concurrent changes completes without a round trip); errors
   *     with {@link RejectedChangeException} when the server refused it (it has been undone
   *     locally), {@link ChangeLostException} when its outcome cannot be known (resume refused),
   *     {@link ClientClosedException} when the client closed first,
   *     {@link ConnectionRefusedException} when the server refused the client for good first, or
   *     at once with
   *     {@code OtException} when the op does not apply to the document (nothing changed),
   *     {@link IllegalStateException} before the first welcome, {@link IllegalArgumentException}
   *     for an op of more than 1000 components
   */
  Mono<Void> submit(Op op);

  /**
   * Like {@link #submit(Op)} with the op built from the current document, under the client's
   * lock, so that no remote op can change the document between reading it and applying the op.
   * {@code opFor} must be quick and must not call the client.
   */
  Mono<Void> submitWith(Function<@Nullable Object, Op> opFor);

  /**
   * Sets the value at {@code path} ({@code String} keys and {@code Integer} list indexes), with
   * the json0 replace of its current value ({@code oi+od}, {@code li+ld}, or {@code oi} for a new
   * key; {@code Json0.replace}). A null value sets JSON null; it does not remove the key.
   * Outcomes as {@link #submit(Op)}; errors with {@code OtException} when the parent of the path
   * does not exist.
   */
  Mono<Void> set(List<Object> path, @Nullable Object value);

  /**
   * Sends a frame that is not a change of the document, as it is, on the open socket: a workshop
   * frame ({@code vote}, {@code propose}, {@code floor}, …; docs/workshop.md). It is not numbered,
   * kept or sent again after a reconnect; its effect comes back as an op on {@code _workshop}
   * (through {@link #changes()} and {@link #frames()}), a refusal as an {@code error} frame.
   *
   * @return completes once the frame is handed to the socket; errors with
   *     {@link IllegalStateException} when no socket is open (before the welcome, or while
   *     reconnecting), {@link IllegalArgumentException} for a change ({@code op}, {@code edit}:
   *     use {@link #submit(Op)}) or a {@code hello}
   */
  default Mono<Void> send(org.personacollab.protocol.frame.ClientFrame frame) {
    return Mono.error(new UnsupportedOperationException("this client cannot send frames"));
  }

  /**
   * Offline-mode (CRDT) editing, for a session in {@code conflict_resolution: crdt}: usable while
   * disconnected; see {@link CrdtEditor}. The json0 methods above are unchanged by it.
   */
  default CrdtEditor crdt() {
    throw new UnsupportedOperationException("this client has no offline mode");
  }

  /** Every change of the local document, in order (see {@link DocumentEvent}). */
  Flux<DocumentEvent> changes();

  /**
   * Every frame the server sent that this client can decode, raw and in order: welcomes, ops
   * (own ones included: they are the acks), acks, nacks, errors, presence, joins and leaves,
   * generation events, pongs. Frame types this build does not know are skipped. Feed them to a
   * {@link RemoteCarets} to follow where the others are.
   */
  Flux<ServerFrame> frames();

  /** The current state, then every change of state; completes after {@link ConnectionState#CLOSED}. */
  Flux<ConnectionState> states();

  /**
   * Completes when nothing is in flight or pending, whatever each change's outcome was (at once
   * if that is already so); errors with the reason if the client closes before that.
   */
  Mono<Void> whenSynced();

  /**
   * Closes the client: the socket is closed (code 1000), changes not yet acknowledged fail with
   * {@link ClientClosedException}, the fluxes complete. Idempotent.
   *
   * @return completes when the socket is closed
   */
  Mono<Void> close();

  /** Settings of a {@link PersonaClient}; every one has a default. Not thread-safe. */
  final class Builder {
    private final URI server;
    private final String sessionId;
    private @Nullable String name;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration heartbeat = Duration.ofSeconds(20);
    private Duration minBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private int maxFrameBytes = 16 * 1024 * 1024;
    private HttpClient httpClient = HttpClient.create();
    private Scheduler timer = Schedulers.parallel();
    private Random random = new Random();

    private Builder(URI server, String sessionId) {
      String scheme = server.getScheme();
      if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
        throw new IllegalArgumentException("the server URI must be ws:// or wss://, not " + server);
      }
      if (server.getRawAuthority() == null) {
        throw new IllegalArgumentException("the server URI has no host: " + server);
      }
      if (sessionId.isBlank()) {
        throw new IllegalArgumentException("the session id is blank");
      }
      this.server = server;
      this.sessionId = sessionId;
    }

    /** The display name ({@code ?name=}); the server's default is {@code anonymous}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Headers of the WebSocket handshake (e.g. {@code Authorization}); added to any set before. */
    public Builder headers(Map<String, String> headers) {
      this.headers.putAll(headers);
      return this;
    }

    /**
     * How often to send {@code ping} (default 20 s). A connection on which nothing arrived for
     * twice this long is considered dead and replaced.
     */
    public Builder heartbeat(Duration heartbeat) {
      if (heartbeat.isNegative() || heartbeat.isZero()) {
        throw new IllegalArgumentException("the heartbeat must be positive, not " + heartbeat);
      }
      this.heartbeat = heartbeat;
      return this;
    }

    /**
     * The reconnect backoff (default 100 ms to 5 s): attempt {@code n} waits between half and all
     * of {@code min · 2^n}, capped at {@code max}. Also used for retriable nacks without
     * {@code retryAfter}.
     */
    public Builder reconnectBackoff(Duration min, Duration max) {
      new Backoff(min, max, random); // validates
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    /** The largest frame accepted from the server (default 16 MiB; snapshots can be large). */
    public Builder maxFrameBytes(int maxFrameBytes) {
      if (maxFrameBytes < 1024) {
        throw new IllegalArgumentException("maxFrameBytes must be at least 1024, not " + maxFrameBytes);
      }
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /** The reactor-netty client to start from (TLS, proxy, resources); default {@code HttpClient.create()}. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The scheduler for heartbeats, backoff and retry delays (default {@code Schedulers.parallel()}). */
    public Builder timer(Scheduler timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /** The source of backoff jitter (default a new {@link Random}); a seeded one makes delays repeatable. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** A new client, not connected yet ({@link ConnectionState#NEW}). */
    public PersonaClient build() {
      return new ReactorPersonaClient(
          endpoint(), name, Map.copyOf(headers), heartbeat, new Backoff(minBackoff, maxBackoff, random),
          maxFrameBytes, httpClient, timer);
    }

    /** {@code ws://host:port[/prefix]/ws/sessions/{sessionId}[?name=...]} */
    URI endpoint() {
      String base = server.getScheme() + "://" + server.getRawAuthority();
      String prefix = server.getRawPath() == null ? "" : server.getRawPath().replaceAll("/+$", "");
      String query = name == null ? "" : "?name=" + encode(name);
      return URI.create(base + prefix + "/ws/sessions/" + encode(sessionId) + query);
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
