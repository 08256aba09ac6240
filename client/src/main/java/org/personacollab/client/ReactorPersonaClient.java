package org.personacollab.client;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import org.personacollab.protocol.CloseCodes;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Ping;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * {@link PersonaClient} on reactor-netty: sockets, the reconnect loop, the heartbeat and the
 * delivery of events around a {@link SyncEngine}.
 *
 * <h2>Threads</h2>
 *
 * Engine calls and everything they touch run under {@link #lock}: frames from an event loop,
 * local changes from callers, timers from {@link #timer}. Frames to the server are emitted into
 * the socket's outbound sink under the lock too, so their order on the wire is the order the
 * engine produced them (seq order). What the application sees (events, frames, states, outcomes
 * of Monos) is queued under the lock and delivered after it is released, by whichever thread
 * gets to {@link #deliver()} first, one item at a time: order is kept, user code never runs under
 * the lock, and a subscriber that calls back into the client just queues more.
 *
 * <h2>Sockets</h2>
 *
 * One {@link Link} per socket. A link ends once ({@link #linkEnded}); if the client is not
 * closing, the next one is opened after a backoff. Link ends and kills are handed to another
 * thread ({@link #later}) rather than run inline, so that the engine is never re-entered from
 * inside its own effects and deliveries never run under the lock.
 */
final class ReactorPersonaClient implements PersonaClient {
  private static final Logger log = Loggers.getLogger(PersonaClient.class);

  /** Close codes after which reconnecting cannot help. */
  static final Set<Integer> PERMANENT =
      Set.of(
          CloseCodes.SESSION_NOT_FOUND,
          CloseCodes.COLLABORATION_DISABLED,
          CloseCodes.SESSION_CLOSED,
          1008,
          CloseCodes.UNAUTHORIZED,
          CloseCodes.FORBIDDEN);

  /** How long close() waits for the server to answer its close frame. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

  /** HTTP answers to the handshake after which reconnecting cannot help. */
  private static final Set<Integer> PERMANENT_HTTP = Set.of(401, 403, 404);

  private final URI endpoint;
  private final @Nullable String name;
  private final Map<String, String> headers;
  private final Duration heartbeat;
  private final Backoff backoff;
  private final int maxFrameBytes;
  private final HttpClient http;
  private final Scheduler timer;
  private final FrameCodec codec = new FrameCodec();
  private final String pingText;

  private final Object lock = new Object();
  private final SyncEngine engine;

  // Guarded by lock.
  private ConnectionState state = ConnectionState.NEW;
  private @Nullable Link link;
  private long linkIds;
  private int failures;
  private boolean closed;
  private @Nullable Disposable reconnectTimer;
  private final List<Sinks.Empty<Void>> syncWaiters = new ArrayList<>();

  private final Sinks.Empty<Void> connected = Sinks.empty();
  private final Sinks.Empty<Void> terminated = Sinks.empty();
  private final Sinks.Many<DocumentEvent> changes = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<ServerFrame> frames = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();

  private final Queue<Runnable> deliveries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger deliveryWip = new AtomicInteger();

  ReactorPersonaClient(
      URI endpoint,
      @Nullable String name,
      Map<String, String> headers,
      Duration heartbeat,
      Backoff backoff,
      int maxFrameBytes,
      HttpClient http,
      Scheduler timer) {
    this.endpoint = endpoint;
    this.name = name;
    this.headers = headers;
    this.heartbeat = heartbeat;
    this.backoff = backoff;
    this.maxFrameBytes = maxFrameBytes;
    this.http = http;
    this.timer = timer;
    this.pingText = codec.encode(new Ping());
    this.engine = new SyncEngine(new EngineEffects(), codec, name, () -> timer.now(TimeUnit.MILLISECONDS));
    states.tryEmitNext(ConnectionState.NEW);
  }

  // ---- public API ----

  @Override
  public Mono<Void> connect() {
    synchronized (lock) {
      if (state == ConnectionState.NEW) {
        setState(ConnectionState.CONNECTING);
        openLink();
      }
    }
    deliver();
    return connected.asMono();
  }

  @Override
  public @Nullable Object document() {
    synchronized (lock) {
      return engine.document();
    }
  }

  @Override
  public long version() {
    synchronized (lock) {
      return engine.version();
    }
  }

  @Override
  public @Nullable String clientId() {
    synchronized (lock) {
      return engine.clientId();
    }
  }

  @Override
  public ConnectionState state() {
    synchronized (lock) {
      return state;
    }
  }

  @Override
  public Mono<Void> submit(Op op) {
    return submitWith(doc -> op);
  }

  @Override
  public Mono<Void> set(List<Object> path, @Nullable Object value) {
    Path p = new Path(path);
    return submitWith(doc -> Json0.replace(doc, p, value));
  }

  @Override
  public Mono<Void> submitWith(Function<@Nullable Object, Op> opFor) {
    Sinks.One<Void> outcome = Sinks.one();
    RuntimeException refused = null;
    synchronized (lock) {
      try {
        engine.requireCanSubmit();
        engine.submit(opFor.apply(engine.document()), new SinkWaiter(outcome));
        afterEngine();
      } catch (RuntimeException e) {
        refused = e;
      }
    }
    deliver();
    return refused == null ? outcome.asMono() : Mono.error(refused);
  }

  @Override
  public CrdtEditor crdt() {
    return crdt;
  }

  private final CrdtEditor crdt = new CrdtEditor() {
    @Override
    public Mono<Void> set(List<String> path, @Nullable Object value) {
      return crdtChange(w -> engine.crdtWrite(path, value, w));
    }

    @Override
    public Mono<Void> add(List<String> path, @Nullable Object value) {
      return crdtChange(w -> engine.crdtAdd(path, value, w));
    }

    @Override
    public Mono<Void> remove(List<String> path, @Nullable Object value) {
      return crdtChange(w -> engine.crdtRemove(path, value, w));
    }

    @Override
    public Mono<Void> removeAt(List<String> path, int index) {
      return crdtChange(w -> engine.crdtRemoveAt(path, index, w));
    }

    @Override
    public int pending() {
      synchronized (lock) {
        return engine.crdtPending().size();
      }
    }
  };

  private Mono<Void> crdtChange(java.util.function.Consumer<SyncEngine.Waiter> change) {
    Sinks.One<Void> outcome = Sinks.one();
    RuntimeException refused = null;
    synchronized (lock) {
      try {
        change.accept(new SinkWaiter(outcome));
        afterEngine();
      } catch (RuntimeException e) {
        refused = e;
      }
    }
    deliver();
    return refused == null ? outcome.asMono() : Mono.error(refused);
  }

  @Override
  public Mono<Void> send(org.personacollab.protocol.frame.ClientFrame frame) {
    if (frame instanceof org.personacollab.protocol.frame.OpSubmit || frame instanceof org.personacollab.protocol.frame.Edit
        || frame instanceof org.personacollab.protocol.frame.Merge || frame instanceof org.personacollab.protocol.frame.Hello) {
      return Mono.error(new IllegalArgumentException("changes go through submit, and the client says hello itself: " + frame));
    }
    synchronized (lock) {
      Link l = link;
      if (l == null || !l.open || l.ended || state != ConnectionState.CONNECTED) {
        return Mono.error(new IllegalStateException("not connected (" + state + "): the frame was not sent"));
      }
      l.send(codec.encode(frame));
    }
    return Mono.empty();
  }

  @Override
  public Flux<DocumentEvent> changes() {
    return changes.asFlux().onBackpressureBuffer();
  }

  @Override
  public Flux<ServerFrame> frames() {
    return frames.asFlux().onBackpressureBuffer();
  }

  @Override
  public Flux<ConnectionState> states() {
    return states.asFlux().onBackpressureBuffer();
  }

  @Override
  public Mono<Void> whenSynced() {
    synchronized (lock) {
      if (engine.synced()) {
        return Mono.empty();
      }
      Sinks.Empty<Void> waiter = Sinks.empty();
      syncWaiters.add(waiter);
      return waiter.asMono();
    }
  }

  @Override
  public Mono<Void> close() {
    Link open = null;
    synchronized (lock) {
      if (!closed) {
        open = link;
        terminate(new ClientClosedException("the client was closed"));
      }
    }
    deliver();
    if (open != null) {
      Link l = open;
      WebsocketOutbound out = l.out;
      Mono<Void> goodbye = out == null ? Mono.empty() : out.sendClose(1000, "client closed");
      // The server answers the close frame and the socket ends by itself; if it does not within
      // a second, the connection is dropped. (Not on the timer: a virtual one would never fire.)
      goodbye
          .timeout(CLOSE_GRACE, Schedulers.parallel())
          .onErrorResume(e -> Mono.empty())
          .subscribe(null, null, () -> Schedulers.parallel().schedule(() -> kill(l), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS));
    }
    return terminated.asMono();
  }

  // ---- sockets ----

  /** One socket: opened once, ended once. */
  private final class Link {
    final long id;
    final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    volatile @Nullable Connection connection;
    volatile @Nullable WebsocketOutbound out;
    volatile @Nullable WebSocketCloseStatus closeStatus;
    volatile @Nullable Disposable subscription;
    /** Why this client gave the socket up (heartbeat, resync, close); null if it did not. */
    volatile @Nullable String abandoned;
    // Guarded by lock.
    boolean open;
    boolean ended;
    boolean resumeWatched;
    long lastHeard;
    @Nullable Disposable heartbeat;

    Link(long id) {
      this.id = id;
    }

    void send(String text) {
      if (open && !ended && abandoned == null) {
        outbound.tryEmitNext(text);
      }
    }
  }

  /** Opens a new socket (under the lock). */
  private void openLink() {
    Link l = new Link(++linkIds);
    link = l;
    WebsocketClientSpec spec = WebsocketClientSpec.builder().maxFramePayloadLength(maxFrameBytes).build();
    l.subscription =
        http.headers(h -> headers.forEach(h::set))
            .websocket(spec)
            .uri(endpoint)
            .handle((in, out) -> session(l, in, out))
            .then()
            .subscribe(
                null,
                error -> later(() -> linkEnded(l, error)),
                () -> later(() -> linkEnded(l, null)));
    // A server that accepts the TCP connection but never upgrades it must not stall the client;
    // once the socket is open, the heartbeat watches it instead.
    long watchdog = 2 * heartbeat.toMillis();
    timer.schedule(
        () -> {
          synchronized (lock) {
            if (link == l && !l.open && !l.ended) {
              abandon(l, "no WebSocket handshake within " + watchdog + " ms");
            }
          }
          deliver();
        },
        watchdog,
        TimeUnit.MILLISECONDS);
  }

  /** The life of one open socket: read frames into the engine, write the outbound sink. */
  private Mono<Void> session(Link l, WebsocketInbound in, WebsocketOutbound out) {
    synchronized (lock) {
      if (link != l || closed || l.abandoned != null) {
        return Mono.empty();
      }
      in.withConnection(c -> l.connection = c);
      l.out = out;
      l.open = true;
      l.lastHeard = now();
      engine.connectionOpened();
      l.heartbeat =
          Flux.interval(heartbeat, heartbeat, timer).subscribe(tick -> onHeartbeat(l), e -> {});
    }
    in.receiveCloseStatus().subscribe(status -> l.closeStatus = status, e -> {});
    Mono<Void> inbound =
        in.aggregateFrames(maxFrameBytes)
            .receive()
            .asString(StandardCharsets.UTF_8)
            .doOnNext(text -> onText(l, text))
            .then();
    Mono<Void> outbound = out.sendString(l.outbound.asFlux(), StandardCharsets.UTF_8).then();
    return Mono.firstWithSignal(inbound, outbound);
  }

  private void onText(Link l, String text) {
    ServerFrame frame;
    try {
      frame = codec.decode(text);
    } catch (ProtocolException e) {
      log.warn("Ignoring a malformed frame from {}: {}", endpoint, e.getMessage());
      frame = null;
    }
    synchronized (lock) {
      if (link != l || l.ended || l.abandoned != null) {
        return;
      }
      l.lastHeard = now();
      if (frame == null) {
        return;
      }
      ServerFrame f = frame;
      deliveries.add(() -> frames.tryEmitNext(f));
      engine.receive(f);
      if (engine.phase() == SyncEngine.Phase.AWAIT_RESUME && !l.resumeWatched) {
        l.resumeWatched = true;
        watchResume(l);
      }
      afterEngine();
    }
    deliver();
  }

  /** A hello unanswered for two heartbeat periods is given up: resync with a fresh snapshot. */
  private void watchResume(Link l) {
    long limit = 2 * heartbeat.toMillis();
    timer.schedule(
        () -> {
          synchronized (lock) {
            if (link == l && !l.ended && l.abandoned == null) {
              engine.resumeTimedOut("no answer to the resuming hello within " + limit + " ms");
              afterEngine();
            }
          }
          deliver();
        },
        limit,
        TimeUnit.MILLISECONDS);
  }

  private void onHeartbeat(Link l) {
    synchronized (lock) {
      if (link != l || l.ended || l.abandoned != null) {
        return;
      }
      long idle = now() - l.lastHeard;
      if (idle >= 2 * heartbeat.toMillis()) {
        abandon(l, "nothing received for " + idle + " ms");
      } else {
        l.send(pingText);
      }
    }
    deliver();
  }

  /** Gives a socket up (under the lock); it ends on the timer thread. */
  private void abandon(Link l, String reason) {
    if (l.abandoned == null && !l.ended) {
      log.debug("Dropping socket {} to {}: {}", l.id, endpoint, reason);
      l.abandoned = reason;
      engine.connectionLost();
      later(() -> kill(l));
    }
  }

  private void kill(Link l) {
    synchronized (lock) {
      if (l.ended) {
        return;
      }
    }
    Connection c = l.connection;
    if (c != null) {
      c.dispose();
    }
    Disposable s = l.subscription;
    if (s != null) {
      s.dispose();
    }
    linkEnded(l, null);
  }

  /** A socket is over: reconnect after a backoff, or stop for good. */
  private void linkEnded(Link l, @Nullable Throwable error) {
    synchronized (lock) {
      if (l.ended) {
        return;
      }
      l.ended = true;
      if (l.heartbeat != null) {
        l.heartbeat.dispose();
      }
      l.outbound.tryEmitComplete();
      if (link != l) {
        return;
      }
      link = null;
      engine.connectionLost();
      if (closed) {
        deliveries.add(terminated::tryEmitEmpty);
      } else {
        End end = classify(l, error);
        if (end.permanent) {
          log.info("Connection to {} refused: {} {}", endpoint, end.code, end.reason);
          terminate(new ConnectionRefusedException(end.code, errorCodeOf(end.reason), end.reason));
        } else {
          Duration wait = backoff.delay(failures++);
          log.debug("Socket {} to {} ended ({} {}); reconnecting in {} ms",
              l.id, endpoint, end.code, end.reason, wait.toMillis());
          setState(engine.loaded() ? ConnectionState.RECONNECTING : ConnectionState.CONNECTING);
          reconnectTimer = after(wait, this::reconnect);
        }
      }
      afterEngine();
    }
    deliver();
  }

  private void reconnect() {
    synchronized (lock) {
      if (!closed && link == null) {
        openLink();
      }
    }
    deliver();
  }

  private record End(int code, String reason, boolean permanent) {}

  private static End classify(Link l, @Nullable Throwable error) {
    if (l.abandoned != null) {
      return new End(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), l.abandoned, false);
    }
    WebSocketCloseStatus status = l.closeStatus;
    if (status != null && status.code() != WebSocketCloseStatus.ABNORMAL_CLOSURE.code()) {
      String reason = status.reasonText() == null ? "" : status.reasonText();
      return new End(status.code(), reason, PERMANENT.contains(status.code()));
    }
    if (error instanceof WebSocketClientHandshakeException h && h.response() != null) {
      int http = h.response().status().code();
      return new End(4000 + http, "handshake refused with HTTP " + http, PERMANENT_HTTP.contains(http));
    }
    return new End(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), error == null ? "connection closed" : error.toString(), false);
  }

  /** {@code "session_not_found: There is no..."} → {@code session_not_found}. */
  static @Nullable String errorCodeOf(String reason) {
    int colon = reason.indexOf(':');
    if (colon > 0 && reason.substring(0, colon).matches("[a-z_]+")) {
      return reason.substring(0, colon);
    }
    return null;
  }

  // ---- state, outcomes and delivery ----

  /** Closes for good (under the lock): every waiter fails with {@code cause}. */
  private void terminate(PersonaClientException cause) {
    closed = true;
    if (reconnectTimer != null) {
      reconnectTimer.dispose();
    }
    for (Sinks.Empty<Void> w : syncWaiters) {
      deliveries.add(() -> w.tryEmitError(cause));
    }
    syncWaiters.clear();
    engine.close(cause);
    if (state != ConnectionState.CONNECTED && !engine.loaded()) {
      deliveries.add(() -> connected.tryEmitError(cause));
    }
    setState(ConnectionState.CLOSED);
    deliveries.add(
        () -> {
          changes.tryEmitComplete();
          frames.tryEmitComplete();
          states.tryEmitComplete();
        });
    if (link == null) {
      deliveries.add(terminated::tryEmitEmpty);
    } else {
      Link l = link;
      // A socket that never opened has nothing to say goodbye on.
      if (!l.open) {
        later(() -> kill(l));
      }
    }
  }

  /** After every engine call (under the lock): connection state and whenSynced waiters. */
  private void afterEngine() {
    if (!closed && engine.phase() == SyncEngine.Phase.LIVE && state != ConnectionState.CONNECTED) {
      failures = 0;
      setState(ConnectionState.CONNECTED);
      deliveries.add(connected::tryEmitEmpty);
    }
    if (engine.synced() && !syncWaiters.isEmpty()) {
      for (Sinks.Empty<Void> w : syncWaiters) {
        deliveries.add(w::tryEmitEmpty);
      }
      syncWaiters.clear();
    }
  }

  private void setState(ConnectionState next) {
    if (state != next) {
      state = next;
      deliveries.add(() -> states.tryEmitNext(next));
    }
  }

  /** Runs the queued deliveries in order, one at a time, outside the lock. */
  private void deliver() {
    if (deliveryWip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      Runnable r;
      while ((r = deliveries.poll()) != null) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("A subscriber of the Persona client failed", e);
        }
      }
      missed = deliveryWip.addAndGet(-missed);
    } while (missed != 0);
  }

  private long now() {
    return timer.now(TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} soon on another thread. Used for what must not run inside the caller (which
   * may hold the lock): it is never {@link #timer}, because a virtual-time scheduler runs a task
   * without delay at once, in the caller's thread.
   */
  private static Disposable later(Runnable task) {
    return Schedulers.parallel().schedule(task);
  }

  /** Runs {@code task} after {@code delay} on the timer (or {@link #later} when there is no delay). */
  private Disposable after(Duration delay, Runnable task) {
    return delay.isZero() || delay.isNegative()
        ? later(task)
        : timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The engine's requests, made under the lock. */
  private final class EngineEffects implements SyncEngine.Effects {
    @Override
    public void send(ClientFrame frame) {
      Link l = link;
      if (l != null) {
        l.send(codec.encode(frame));
      }
    }

    @Override
    public void changed(DocumentEvent event) {
      deliveries.add(() -> changes.tryEmitNext(event));
    }

    @Override
    public void retryLater(long seq, int sends, @Nullable Long retryAfterMillis) {
      Duration wait = retryAfterMillis != null && retryAfterMillis >= 0
          ? Duration.ofMillis(retryAfterMillis)
          : backoff.delay(Math.max(0, sends - 1));
      after(wait, () -> {
        synchronized (lock) {
          engine.retry(seq, sends);
          afterEngine();
        }
        deliver();
      });
    }

    @Override
    public void reconnect(boolean resume, String reason) {
      Link l = link;
      if (l != null) {
        abandon(l, (resume ? "resuming: " : "resynchronising: ") + reason);
      }
    }
  }

  /** Completes a submit's Mono, through the delivery queue. */
  private final class SinkWaiter implements SyncEngine.Waiter {
    private final Sinks.One<Void> sink;

    SinkWaiter(Sinks.One<Void> sink) {
      this.sink = sink;
    }

    @Override
    public void acknowledged() {
      deliveries.add(sink::tryEmitEmpty);
    }

    @Override
    public void failed(Throwable error) {
      deliveries.add(() -> sink.tryEmitError(error));
    }
  }
}
