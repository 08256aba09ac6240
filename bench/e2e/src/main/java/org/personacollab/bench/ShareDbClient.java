package org.personacollab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.client.ClientClosedException;
import org.personacollab.client.ConnectionState;
import org.personacollab.client.DocumentEvent;
import org.personacollab.client.PersonaClient;
import org.personacollab.client.RejectedChangeException;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import org.personacollab.ot.Side;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A client of one ShareDB document over ShareDB's own JSON wire protocol, behind the
 * {@link PersonaClient} interface, so that {@link Participant}, {@link LoadGenerator} and
 * {@link ScenarioRunner} drive a ShareDB server exactly as they drive ours ({@link CompareBench}).
 *
 * <h2>Protocol (sharedb 7, protocol 1.2)</h2>
 *
 * On open the client sends {@code {"a":"hs","id":null,"protocol":1,"protocolMinor":2}}; the
 * server answers {@code hs} with the client id ({@code src} of its ops; the legacy {@code init}
 * it sends first is ignored). Then {@code {"a":"s","c":collection,"d":id,"v":null}} subscribes
 * and returns the snapshot {@code data:{v,data,type}} ({@code type} null while the document does
 * not exist, left out when it is json0, the default). The session's first client creates it ({@code op} with {@code create}). A change
 * is {@code {"a":"op","c","d","v":version,"src","seq","op":[json0…]}}; the ack is
 * {@code {"a":"op","c","d","src","seq","v"}} without {@code op}, preceded by every op the
 * server transformed it past; other clients' ops arrive as {@code op} messages with {@code op};
 * an op older than the local version is a duplicate (subscription stream and submit reply
 * overlap) and is dropped; a refusal is the request echoed with {@code error:{code,message}}.
 *
 * <h2>State machine</h2>
 *
 * ShareDB's {@code Doc} on our json0 ({@code ot-core}), the same one {@code SyncEngine} runs for
 * our protocol: at most one op in flight, later local changes composed into one pending op,
 * a remote op {@code r} transformed as {@code inflight' = T(inflight, r, LEFT)}, {@code r1 =
 * T(r, inflight, RIGHT)}, then the same against pending, and {@code r2} applied and published as
 * a {@link DocumentEvent.Kind#REMOTE} event (which is what {@link SessionTracker} scans for
 * markers). So the client does the same OT work per op on both sides of the comparison.
 *
 * <h2>Limits</h2>
 *
 * Only what the benchmark needs: no reconnect (a lost socket fails everything outstanding and
 * closes the client), no refusal undo (a refused change fails its waiters and is counted; the
 * workload never makes one), no LOCAL events, {@link #frames()} is empty (ShareDB has no
 * sequencer timestamp, so the breakdown columns stay empty for it).
 */
final class ShareDbClient implements PersonaClient {
  static final String COLLECTION = "personas";
  private static final String JSON0 = "http://sharejs.org/types/JSONv0";

  private final URI server;
  private final String docId;
  private final boolean creator;
  private final HttpClient http;

  // Guarded by this.
  private @Nullable Object doc;
  private long version = -1;
  private @Nullable String clientId;
  private ConnectionState state = ConnectionState.NEW;
  private long seq;
  private @Nullable Change inflight;
  private @Nullable Change pending;
  private boolean subscribed;
  private final List<Map<?, ?>> early = new ArrayList<>();
  private final List<Sinks.Empty<Void>> syncWaiters = new ArrayList<>();
  private @Nullable WebSocket socket;
  private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

  private final Sinks.One<Void> connected = Sinks.one();
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final Sinks.Many<DocumentEvent> changes = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
  /** Ops the server sent with a version beyond the local one (would be a protocol gap). */
  final AtomicLong gaps = new AtomicLong();

  /** One op in flight or pending and who waits for it. */
  private static final class Change {
    Op op;
    long seq;
    final List<Sinks.Empty<Void>> waiters = new ArrayList<>(2);
    boolean create;

    Change(Op op) {
      this.op = op;
    }
  }

  /**
   * @param creator whether this client creates the document (the first of a session) with an
   *     empty object; the others wait for it to exist
   */
  ShareDbClient(URI server, String docId, boolean creator, HttpClient http) {
    this.server = server;
    this.docId = docId;
    this.creator = creator;
    this.http = http;
    states.tryEmitNext(ConnectionState.NEW);
  }

  @Override
  public synchronized Mono<Void> connect() {
    if (state == ConnectionState.NEW) {
      setState(ConnectionState.CONNECTING);
      http.newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .buildAsync(server, new Listener())
          .whenComplete((ws, e) -> {
            if (e != null) fail(e);
          });
    }
    return connected.asMono();
  }

  @Override
  public synchronized @Nullable Object document() {
    return doc;
  }

  @Override
  public synchronized long version() {
    return version;
  }

  @Override
  public synchronized @Nullable String clientId() {
    return clientId;
  }

  @Override
  public synchronized ConnectionState state() {
    return state;
  }

  @Override
  public Mono<Void> submit(Op op) {
    return submitWith(d -> op);
  }

  @Override
  public Mono<Void> set(List<Object> path, @Nullable Object value) {
    return submitWith(d -> Json0.replace(d, Path.of(path.toArray()), value));
  }

  @Override
  public Mono<Void> submitWith(Function<@Nullable Object, Op> opFor) {
    Sinks.Empty<Void> done = Sinks.empty();
    synchronized (this) {
      if (state == ConnectionState.CLOSED) return Mono.error(new ClientClosedException("the client is closed"));
      if (version < 0) return Mono.error(new IllegalStateException("no document yet"));
      Op op = opFor.apply(doc);
      doc = Json0.apply(doc, op); // throws (nothing changed) when the op does not apply
      if (pending == null) {
        pending = new Change(op);
      } else {
        pending.op = Json0.compose(pending.op, op);
      }
      pending.waiters.add(done);
      flush();
    }
    return done.asMono();
  }

  @Override
  public Flux<DocumentEvent> changes() {
    return changes.asFlux();
  }

  @Override
  public Flux<ServerFrame> frames() {
    return Flux.never();
  }

  @Override
  public Flux<ConnectionState> states() {
    return states.asFlux();
  }

  @Override
  public Mono<Void> whenSynced() {
    synchronized (this) {
      if (inflight == null && pending == null) return Mono.empty();
      if (state == ConnectionState.CLOSED) return Mono.error(new ClientClosedException("closed before synced"));
      Sinks.Empty<Void> s = Sinks.empty();
      syncWaiters.add(s);
      return s.asMono();
    }
  }

  @Override
  public Mono<Void> close() {
    WebSocket ws;
    synchronized (this) {
      if (state == ConnectionState.CLOSED) return closed.asMono();
      ws = socket;
    }
    if (ws != null) {
      enqueue(() -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
    }
    fail(new ClientClosedException("the client was closed"));
    return closed.asMono();
  }

  @Override
  public synchronized String toString() {
    return "ShareDbClient{" + docId + (creator ? " creator" : "") + ", id " + clientId + ", " + state + ", subscribed " + subscribed
        + ", v " + version + ", seq " + seq + ", in flight " + (inflight == null ? "-" : inflight.seq)
        + ", pending " + (pending != null) + ", gaps " + gaps + "}";
  }

  // ---- state machine (under this) ----

  private void flush() {
    if (inflight != null || pending == null || clientId == null) return;
    Change c = pending;
    pending = null;
    c.seq = ++seq;
    inflight = c;
    send(opMessage(c));
  }

  private String opMessage(Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", "op");
    m.put("c", COLLECTION);
    m.put("d", docId);
    m.put("v", c.create ? 0L : version);
    m.put("src", clientId);
    m.put("seq", c.seq);
    if (c.create) {
      m.put("create", Map.of("type", JSON0, "data", Map.of()));
    } else {
      m.put("op", c.op.toPlain());
    }
    return JsonCodec.write(m);
  }

  private void onMessage(Map<?, ?> m) {
    List<Sinks.Empty<Void>> done = List.of();
    List<DocumentEvent> events = new ArrayList<>(1);
    boolean nowConnected = false;
    synchronized (this) {
      Object a = m.get("a");
      if ("hs".equals(a)) {
        clientId = (String) m.get("id");
        send(JsonCodec.write(Map.of("a", "s", "c", COLLECTION, "d", docId)));
      } else if ("s".equals(a)) {
        if (m.get("error") != null) throw new IllegalStateException("subscribe refused: " + m.get("error"));
        Map<?, ?> data = (Map<?, ?>) m.get("data");
        subscribed = true;
        // sharedb leaves "type" out for the default type (json0) and sends null for no document.
        if (!data.containsKey("type") || data.get("type") != null) {
          doc = data.get("data");
          version = ((Number) data.get("v")).longValue();
          nowConnected = true;
        } else if (creator) {
          Change c = new Change(Op.EMPTY);
          c.create = true;
          c.seq = ++seq;
          inflight = c;
          send(opMessage(c));
        }
        for (Map<?, ?> e : early) nowConnected |= onOp(e, events);
        early.clear();
      } else if ("op".equals(a)) {
        if (!subscribed) {
          early.add(m);
        } else if (m.get("error") != null) {
          done = refused(m);
        } else if (inflight != null && clientId != null && clientId.equals(m.get("src"))
            && ((Number) m.get("seq")).longValue() == inflight.seq && !m.containsKey("op") && !m.containsKey("create")) {
          Change c = inflight;
          inflight = null;
          if (c.create) {
            doc = Map.of();
            version = 1;
            nowConnected = true;
          } else {
            long v = ((Number) m.get("v")).longValue();
            if (v != version) gaps.incrementAndGet();
            version++;
          }
          done = new ArrayList<>(c.waiters);
          flush();
          if (inflight == null && pending == null) {
            done.addAll(syncWaiters);
            syncWaiters.clear();
          }
        } else {
          nowConnected = onOp(m, events);
        }
      }
      if (nowConnected) setState(ConnectionState.CONNECTED);
    }
    for (DocumentEvent e : events) changes.tryEmitNext(e);
    for (Sinks.Empty<Void> s : done) s.tryEmitEmpty();
    if (nowConnected) connected.tryEmitEmpty();
  }

  /** Another client's op (or the document's creation); true if it created the document here. */
  private boolean onOp(Map<?, ?> m, List<DocumentEvent> events) {
    long v = ((Number) m.get("v")).longValue();
    if (m.containsKey("create")) {
      if (version >= 0) return false; // already have it
      doc = ((Map<?, ?>) m.get("create")).get("data");
      version = v + 1;
      return true;
    }
    if (version < 0 || v < version) return false; // before the document exists here, or a duplicate
    if (v > version) {
      gaps.incrementAndGet();
      return false;
    }
    Op r = Op.fromPlain(m.get("op"));
    if (inflight != null && !inflight.create) {
      Op in = inflight.op;
      inflight.op = Json0.transform(in, r, Side.LEFT);
      r = Json0.transform(r, in, Side.RIGHT);
    }
    if (pending != null) {
      Op p = pending.op;
      pending.op = Json0.transform(p, r, Side.LEFT);
      r = Json0.transform(r, p, Side.RIGHT);
    }
    doc = Json0.apply(doc, r);
    version++;
    events.add(new DocumentEvent(DocumentEvent.Kind.REMOTE, r, version, (String) m.get("src"), doc));
    return false;
  }

  private List<Sinks.Empty<Void>> refused(Map<?, ?> m) {
    Change c = inflight;
    if (c == null || m.get("seq") == null || ((Number) m.get("seq")).longValue() != c.seq) return List.of();
    Map<?, ?> err = (Map<?, ?>) m.get("error");
    RejectedChangeException e = new RejectedChangeException(String.valueOf(err.get("code")), String.valueOf(err.get("message")), c.seq);
    for (Sinks.Empty<Void> w : c.waiters) w.tryEmitError(e);
    // Not undone: the benchmark never makes a change ShareDB refuses; one that happens anyway is
    // counted by the participant, and the document of this client may then differ.
    inflight = null;
    flush();
    return List.of();
  }

  private void setState(ConnectionState s) {
    state = s;
    states.tryEmitNext(s);
  }

  /** Fails everything outstanding and closes (socket error, server close, or close()). */
  private void fail(Throwable cause) {
    List<Sinks.Empty<Void>> waiters = new ArrayList<>();
    synchronized (this) {
      if (state == ConnectionState.CLOSED) return;
      if (inflight != null) waiters.addAll(inflight.waiters);
      if (pending != null) waiters.addAll(pending.waiters);
      waiters.addAll(syncWaiters);
      inflight = null;
      pending = null;
      syncWaiters.clear();
      setState(ConnectionState.CLOSED);
    }
    Throwable e = cause instanceof ClientClosedException ? cause : new ClientClosedException("connection lost: " + cause);
    for (Sinks.Empty<Void> w : waiters) w.tryEmitError(e);
    connected.tryEmitError(e);
    changes.tryEmitComplete();
    states.tryEmitComplete();
    closed.tryEmitEmpty();
  }

  // ---- socket ----

  /** Sends in order: the JDK WebSocket allows one outstanding send at a time. */
  private void send(String text) {
    WebSocket ws = socket;
    if (ws == null) throw new IllegalStateException("no socket");
    enqueue(() -> ws.sendText(text, true));
  }

  private synchronized void enqueue(java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
    sendChain = sendChain.thenCompose(x -> send.get()).exceptionally(e -> {
      fail(e);
      return null;
    });
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public void onOpen(WebSocket ws) {
      synchronized (ShareDbClient.this) {
        socket = ws;
        send("{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}");
      }
      ws.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        if (Boolean.getBoolean("sharedb.debug")) System.err.println(docId + " " + clientId + " <- " + text);
        buffer.setLength(0);
        try {
          onMessage((Map<?, ?>) JsonCodec.parse(text));
        } catch (RuntimeException e) {
          fail(new IllegalStateException("bad message " + text + ": " + e, e));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      fail(new ClientClosedException("the server closed the socket: " + status + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      fail(error);
    }
  }
}
