package org.personacollab.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import java.util.function.LongSupplier;
import org.personacollab.ot.Component;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.ot.Path;
import org.personacollab.ot.Side;
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.ot.crdt.CrdtException;
import org.personacollab.ot.crdt.CrdtState;
import org.personacollab.ot.crdt.Hlc;
import org.personacollab.ot.crdt.HlcClock;
import org.personacollab.protocol.ProtocolVersion;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.Merge;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.Welcome;

/**
 * The client's document state machine: ShareDB's {@code Doc} on json0, without I/O or threads.
 *
 * <h2>1. State</h2>
 *
 * The document {@code doc} (with local changes applied: local echo), {@code version} (how many
 * sequenced ops {@code doc} contains, ShareDB's convention), at most one change <em>in flight</em>
 * (sent, not yet acknowledged) and a queue of <em>pending</em> changes (not sent). Local changes
 * made while one is in flight are composed into the last pending op ({@code Json0.compose}), so a
 * fast typist sends one op per round trip, not one per key. A new pending op is started only when
 * the composed one would exceed {@link OpSubmit#MAX_COMPONENTS}, which the server refuses.
 *
 * <h2>2. The diamond</h2>
 *
 * Every change of the client was made against {@code version}; the server transforms a submitted
 * op past each op it had not seen with side {@code LEFT} (DESIGN §4). So when a remote op
 * {@code r} with {@code r.v == version} arrives, the client does the mirror image, in order:
 *
 * <pre>
 * inflight' = transform(inflight, r, LEFT)     r1 = transform(r, inflight, RIGHT)
 * pending'  = transform(pending, r1, LEFT)     r2 = transform(r1, pending, RIGHT)
 * doc = apply(doc, r2); version++
 * </pre>
 *
 * TP1 makes {@code doc} equal to the server's document with the local changes applied after it,
 * and {@code inflight'} exactly the op the server will make of {@code inflight}. Any other choice
 * of sides makes two clients that insert at one place diverge.
 *
 * <h2>3. Acknowledgement</h2>
 *
 * The ack is the client's own op coming back in the stream ({@code src == clientId},
 * {@code seq == inflight.seq}), already transformed by the server: it is not applied again, the
 * version just moves on, and the first pending op is sent with the next {@code seq}. Sequence
 * numbers count per client id, from 1, without gaps; a change keeps its number when it is sent
 * again (retry, resume), which is how the server drops duplicates.
 *
 * <h2>4. Refusals</h2>
 *
 * {@code nack unavailable} and {@code rate_limited} are retried: the owner waits
 * ({@code retryAfter}, else a jittered backoff) and calls {@link #retry}, which sends the same
 * {@code seq} again against the current version, with the op as transformed meanwhile. Any other
 * code refuses the change for good. The client then undoes it ShareDB's way: the inverse of the
 * in-flight op is transformed past the pending ops ({@code pending' = transform(pending, inv,
 * LEFT)}, {@code inv' = transform(inv, pending, RIGHT)}) and applied, which leaves the document
 * equal to the server's plus the pending changes, now based on the server's document alone. If
 * that transform fails (it should not, json0 being invertible), the client resyncs (section 6).
 * {@code seq_gap} and {@code invalid_version} mean that client and server disagree about the
 * session itself, so after the undo the client also resyncs without resuming.
 *
 * <h2>5. Reconnect and resume</h2>
 *
 * Every socket starts with a fresh {@code welcome}. The first one is adopted. On later sockets
 * the client ignores that welcome's snapshot and says {@code hello {clientId, version, seq}} with
 * its old identity; ops that arrive before the answer belong to the fresh identity and are
 * ignored. A {@code welcome resumed:true} is followed by every op from {@code version} on: the
 * client sends its in-flight op again (same {@code seq}, current version, current content) and
 * processes the catch-up like any ops, so an in-flight op the server had already sequenced is
 * acknowledged by its own copy in the catch-up and the re-sent one is dropped by the server as a
 * duplicate ({@code ack}). A {@code welcome resumed:false} means the server cannot resume: the
 * client takes its snapshot, version and client id (restarting {@code seq} at 0 if the id
 * changed) and reports its unacknowledged changes as lost ({@link ChangeLostException}): they
 * were made against a version that can no longer be transformed, and the server may or may not
 * have applied the one in flight.
 *
 * <h2>6. Resync</h2>
 *
 * A gap in the op stream ({@code r.v > version}) asks the owner to reconnect and resume: the
 * server then sends what was missed. A remote op that does not transform or apply, an undo that
 * fails, a welcome that contradicts the client, an {@code error} in answer to the hello, or no
 * answer to it in time ({@link #resumeTimedOut}) asks for a reconnect <em>without</em> resume:
 * the next welcome is adopted as in section 5's refusal.
 *
 * <h2>7. Offline mode (CRDT changes)</h2>
 *
 * For a session in {@code conflict_resolution: crdt} (ADR 12), {@link #crdtWrite}, {@link #crdtAdd}
 * and {@link #crdtRemove} stamp a change with the client's hybrid logical clock (node: the first
 * client id) and merge it into {@code crdtPending}, whether or not a socket is open. The document
 * the application sees is {@code doc} with {@code crdtPending} merged in ({@link #document}). When
 * nothing is in flight and no json0 change is pending, the first {@link Merge#MAX_CHANGES} entries
 * of {@code crdtPending} are sent as one {@code merge} frame with the next {@code seq}, as the
 * in-flight change. Its ack is its own op: applied to {@code doc} like a remote op (the merge was
 * never applied to {@code doc}), and the entries it covers leave {@code crdtPending}. A refused
 * merge's entries leave it too (their waiters fail). Unlike json0 changes, CRDT changes survive a
 * welcome that does not resume: they are not tied to a version, so they are sent again with new
 * numbers (a merge the server had already applied changes nothing the second time).
 *
 * <p>Not thread-safe: the owner serialises every call (one lock in {@code ReactorPersonaClient}),
 * and {@link Effects} are called synchronously from inside these methods.
 */
final class SyncEngine {
  /** Nack codes that waiting cures: the same change is sent again. */
  static final Set<String> RETRIABLE = Set.of("unavailable", "rate_limited");
  /** Nack codes after which the client resyncs without resume (after undoing the change). */
  static final Set<String> RESYNC_AFTER = Set.of("seq_gap", "invalid_version");

  /** Where the engine is in the connection's life. */
  enum Phase {
    /** No socket. Local changes are accepted and queued. */
    OFFLINE,
    /** A socket is open; its first welcome has not arrived. */
    AWAIT_WELCOME,
    /** Sent a resuming hello; waiting for the second welcome (ops before it are ignored). */
    AWAIT_RESUME,
    /** In sync with the op stream. */
    LIVE,
    /** Closed for good. */
    CLOSED
  }

  /** Requests of the engine to its owner, made synchronously while the owner's lock is held. */
  interface Effects {
    /** Sends a frame on the current socket (dropped if there is none: resume sends again). */
    void send(ClientFrame frame);

    /** The document changed. */
    void changed(DocumentEvent event);

    /** Calls {@link #retry(long, int)} with these arguments after a delay. */
    void retryLater(long seq, int sends, @Nullable Long retryAfterMillis);

    /** Drops the current socket and connects again; the engine has already gone OFFLINE. */
    void reconnect(boolean resume, String reason);
  }

  /** Whoever waits for the outcome of one local change. */
  interface Waiter {
    void acknowledged();

    void failed(Throwable error);
  }

  /**
   * A local change: its op (kept transformed to the client's version), seq once sent, waiters. A
   * merge in flight has {@code merge} set, an empty op and no waiters (those are {@link CrdtWaiter}s).
   */
  private static final class Change {
    Op op;
    @Nullable CrdtState merge;
    long seq;
    int sends;
    final List<Waiter> waiters = new ArrayList<>(1);

    Change(Op op, Waiter waiter) {
      this.op = op;
      waiters.add(waiter);
    }

    Change(CrdtState merge) {
      this.op = Op.EMPTY;
      this.merge = merge;
    }

    void acknowledged() {
      waiters.forEach(Waiter::acknowledged);
    }

    void failed(Throwable error) {
      waiters.forEach(w -> w.failed(error));
    }
  }

  private final Effects fx;
  private final FrameCodec codec;
  private final @Nullable String author;

  private Phase phase = Phase.OFFLINE;
  private boolean loaded;
  private boolean resume = true;
  private @Nullable Object doc;
  private long version = -1;
  private @Nullable String clientId;
  private long lastSeq;
  private @Nullable Change inflight;
  private final ArrayDeque<Change> pending = new ArrayDeque<>();

  /** One CRDT change's waiter: done when every entry of {@code rest} was acknowledged (or refused). */
  private static final class CrdtWaiter {
    CrdtState rest;
    final Waiter waiter;

    CrdtWaiter(CrdtState rest, Waiter waiter) {
      this.rest = rest;
      this.waiter = waiter;
    }
  }

  private final LongSupplier wall;
  private @Nullable HlcClock clock;
  private boolean clockBehind;
  private CrdtState crdtPending = CrdtState.EMPTY;
  /** {@link #document} when CRDT changes are pending, cached for {@code doc == viewOf}. */
  private @Nullable Object view;
  private @Nullable Object viewOf;
  private final List<CrdtWaiter> crdtWaiters = new ArrayList<>();

  SyncEngine(Effects fx, FrameCodec codec, @Nullable String author) {
    this(fx, codec, author, System::currentTimeMillis);
  }

  SyncEngine(Effects fx, FrameCodec codec, @Nullable String author, LongSupplier wall) {
    this.fx = fx;
    this.codec = codec;
    this.author = author;
    this.wall = wall;
  }

  // ---- connection lifecycle ----

  /** A socket opened; its welcome comes next. */
  void connectionOpened() {
    if (phase != Phase.CLOSED) {
      phase = Phase.AWAIT_WELCOME;
    }
  }

  /** The socket is gone. The in-flight change stays in flight: resume sends it again. */
  void connectionLost() {
    if (phase != Phase.CLOSED) {
      phase = Phase.OFFLINE;
    }
  }

  /** Closes for good: every change not yet acknowledged fails with {@code cause}. */
  void close(Throwable cause) {
    phase = Phase.CLOSED;
    for (Change c : takeAll()) {
      c.failed(cause);
    }
    inflight = null;
    setCrdtPending(CrdtState.EMPTY);
    for (CrdtWaiter w : crdtWaiters) {
      w.waiter.failed(cause);
    }
    crdtWaiters.clear();
  }

  // ---- input ----

  /** One frame from the current socket. Frames that do not concern the document are ignored. */
  void receive(ServerFrame frame) {
    if (frame instanceof Welcome w) {
      onWelcome(w);
    } else if (frame instanceof OpFrame o) {
      onOp(o);
    } else if (frame instanceof Nack n) {
      onNack(n);
    } else if (frame instanceof ErrorFrame e && phase == Phase.AWAIT_RESUME) {
      // The only frame this client sent since the welcome is its hello: the server refused it.
      resync(false, "the server refused to resume: " + e.code() + ": " + e.message());
    }
    // ack {seq, v} is informational: the op itself acknowledges the change when it arrives.
  }

  /**
   * Applies a local change at once and queues it for sending.
   *
   * @throws ClientClosedException when closed
   * @throws IllegalStateException before the first welcome (there is no document yet)
   * @throws IllegalArgumentException when the op has more components than a frame may carry
   * @throws OtException when the op does not apply to the current document (nothing changes)
   */
  void submit(Op op, Waiter waiter) {
    requireCanSubmit();
    if (op.size() > OpSubmit.MAX_COMPONENTS) {
      throw new IllegalArgumentException(
          "an op may have at most " + OpSubmit.MAX_COMPONENTS + " components, this one has " + op.size());
    }
    doc = Json0.apply(doc, op);
    Change last = pending.peekLast();
    if (last != null && last.op.size() + op.size() <= OpSubmit.MAX_COMPONENTS) {
      last.op = Json0.compose(last.op, op);
      last.waiters.add(waiter);
    } else {
      pending.add(new Change(op, waiter));
    }
    fx.changed(new DocumentEvent(DocumentEvent.Kind.LOCAL, op, version, author, document()));
    flush();
  }

  /** Throws what {@link #submit} would throw for a closed or not yet loaded engine. */
  void requireCanSubmit() {
    if (phase == Phase.CLOSED) {
      throw new ClientClosedException("the client is closed");
    }
    if (!loaded) {
      throw new IllegalStateException("the client has no document yet: wait for connect() to complete");
    }
  }

  /** Writes a field in offline mode ({@code null} removes it); see section 7. */
  void crdtWrite(List<String> path, @Nullable Object value, Waiter waiter) {
    requireCanSubmit();
    CrdtState delta;
    try {
      delta = CrdtState.write(path, value, tick());
    } catch (CrdtException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    crdtLocal(delta, waiter);
  }

  /** Adds a value to a list field in offline mode. */
  void crdtAdd(List<String> path, @Nullable Object value, Waiter waiter) {
    requireCanSubmit();
    CrdtState delta;
    try {
      delta = CrdtState.add(path, value, tick());
    } catch (CrdtException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    crdtLocal(delta, waiter);
  }

  /** Removes a value from a list field in offline mode: the adds of it seen here (an unseen add survives). */
  void crdtRemove(List<String> path, @Nullable Object value, Waiter waiter) {
    requireCanSubmit();
    CrdtState delta;
    try {
      delta = CrdtDocument.observed(document(), path).removal(path, value);
    } catch (CrdtException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    crdtLocal(delta, waiter);
  }

  /** Removes the item at {@code index} of a list field in offline mode: that one add (its tag). */
  void crdtRemoveAt(List<String> path, int index, Waiter waiter) {
    requireCanSubmit();
    CrdtState delta;
    try {
      Object doc = document();
      CrdtState observed = CrdtDocument.observed(doc, path);
      Object shown = doc;
      for (String s : path) shown = shown instanceof java.util.Map<?, ?> m ? m.get(s) : null;
      if (!(shown instanceof List<?> list) || index < 0 || index >= list.size()) {
        throw new IllegalArgumentException(String.join(".", path) + " has no item " + index);
      }
      // The list as shown is the set's unless a json0 change reordered it: then by value.
      delta = org.personacollab.ot.JsonCodec.jsonEquals(observed.values(path), list)
          ? observed.removalAt(path, index)
          : observed.removal(path, list.get(index));
    } catch (CrdtException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    crdtLocal(delta, waiter);
  }

  /**
   * Merges a stamped delta into the pending CRDT changes, if the document takes it.
   *
   * @throws IllegalArgumentException when it does not (a write to a list, an add to a non-list, a
   *     reserved key): nothing changes
   */
  private void crdtLocal(CrdtState delta, Waiter waiter) {
    String top = delta.registers().isEmpty() ? (delta.setPaths().isEmpty() ? null : delta.setPaths().get(0).get(0))
        : delta.registers().iterator().next().path().get(0);
    if (top != null && top.startsWith("_")) {
      throw new IllegalArgumentException("\"" + top + "\" is reserved: only the server writes it");
    }
    CrdtState next = crdtPending.merge(delta);
    Object before = document();
    Object after;
    try {
      after = CrdtDocument.merge(doc, next, "local", wall.getAsLong());
    } catch (CrdtException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    crdtPending = next;
    view = after;
    viewOf = doc;
    if (delta.isEmpty()) {
      waiter.acknowledged(); // removing a value that is not there
    } else {
      crdtWaiters.add(new CrdtWaiter(delta, waiter));
    }
    fx.changed(new DocumentEvent(DocumentEvent.Kind.LOCAL,
        Op.of(new Component.ObjectReplace(Path.of(), before, after)), version, author, after));
    flush();
  }

  private Hlc tick() {
    if (clock == null) {
      clock = new HlcClock(Objects.requireNonNull(clientId, "clientId"), wall);
      clockBehind = true;
    }
    if (clockBehind) {
      Hlc latest = CrdtDocument.stateOf(doc).latest();
      if (latest != null) {
        clock.observe(latest);
      }
      clockBehind = false;
    }
    return clock.tick();
  }

  /** The CRDT changes not yet acknowledged (section 7). */
  CrdtState crdtPending() {
    return crdtPending;
  }

  /**
   * {@code piece} was merged by the server (or refused): its entries leave the pending changes,
   * except those written again here since, and the waiters it completes are told.
   */
  private void crdtSettled(CrdtState piece, @Nullable Throwable refusal) {
    CrdtCoverage covered = new CrdtCoverage(piece);
    setCrdtPending(covered.minus(crdtPending).rest());
    for (var it = crdtWaiters.iterator(); it.hasNext(); ) {
      CrdtWaiter w = it.next();
      CrdtCoverage.Result r = covered.minus(w.rest);
      w.rest = r.rest();
      if (refusal != null && r.coveredAny()) {
        it.remove();
        w.waiter.failed(refusal);
      } else if (w.rest.isEmpty()) {
        it.remove();
        w.waiter.acknowledged();
      }
    }
  }

  /**
   * The server did not answer the resuming hello in time (a server without resume, or one that
   * lost it): reconnect and take the next welcome's snapshot instead.
   */
  void resumeTimedOut(String reason) {
    if (phase == Phase.AWAIT_RESUME) {
      resync(false, reason);
    }
  }

  /** Sends the in-flight change again after a retriable nack, if it is still the same send. */
  void retry(long seq, int sends) {
    Change c = inflight;
    if (phase == Phase.LIVE && c != null && c.seq == seq && c.sends == sends) {
      sendInflight();
    }
  }

  // ---- queries ----

  Phase phase() {
    return phase;
  }

  boolean loaded() {
    return loaded;
  }

  /** The document as the application sees it: the server's, the json0 changes, the CRDT changes. */
  @Nullable Object document() {
    if (crdtPending.isEmpty()) {
      return doc;
    }
    if (view == null || viewOf != doc) {
      try {
        view = CrdtDocument.merge(doc, crdtPending, "local", wall.getAsLong());
      } catch (CrdtException e) {
        view = doc; // a json0 change made the pending CRDT changes inapplicable; the server will say so
      }
      viewOf = doc;
    }
    return view;
  }

  private void setCrdtPending(CrdtState next) {
    crdtPending = next;
    view = null;
  }

  long version() {
    return version;
  }

  @Nullable String clientId() {
    return clientId;
  }

  /** The last {@code seq} used by the current client id. */
  long lastSeq() {
    return lastSeq;
  }

  /** True when nothing is in flight or pending. */
  boolean synced() {
    return inflight == null && pending.isEmpty() && crdtPending.isEmpty();
  }

  // ---- the state machine ----

  private void onWelcome(Welcome w) {
    switch (phase) {
      case AWAIT_WELCOME -> {
        if (w.resumed()) {
          resync(false, "the first welcome of a socket claims to resume");
        } else if (loaded && resume && clientId != null) {
          phase = Phase.AWAIT_RESUME;
          fx.send(new Hello(ProtocolVersion.CURRENT, clientId, version, lastSeq));
        } else {
          adopt(w, "the client resynchronised with a fresh snapshot");
        }
      }
      case AWAIT_RESUME -> {
        if (!w.resumed()) {
          adopt(w, "the server could not resume client " + clientId + " at version " + version);
        } else if (!w.clientId().equals(clientId) || w.version() != version) {
          resync(false, "the server resumed " + w.clientId() + " at version " + w.version()
              + " instead of " + clientId + " at " + version);
        } else {
          phase = Phase.LIVE;
          if (inflight != null) {
            sendInflight();
          } else {
            flush();
          }
        }
      }
      case LIVE -> {
        if (!w.resumed()) {
          adopt(w, "the server sent a new snapshot");
        }
      }
      default -> {
        // OFFLINE or CLOSED: a late frame of a socket that is gone.
      }
    }
  }

  /** Takes a snapshot welcome as the truth; unacknowledged changes are lost. */
  private void adopt(Welcome w, String why) {
    Object snapshot = FrameCodec.value(Objects.requireNonNull(w.snapshot(), "snapshot"));
    if (!w.clientId().equals(clientId)) {
      lastSeq = 0; // seqs count per client id
    }
    clientId = w.clientId();
    List<Change> lost = takeAll();
    Object before = document();
    doc = snapshot;
    clockBehind = true;
    version = w.version();
    loaded = true;
    resume = true;
    phase = Phase.LIVE;
    fx.changed(new DocumentEvent(DocumentEvent.Kind.RESET,
        Op.of(new Component.ObjectReplace(Path.of(), before, document())), version, null, document()));
    for (Change c : lost) {
      c.failed(new ChangeLostException(why + "; the change was made against a version that can no "
          + "longer be merged, and the server may or may not have applied it"));
    }    flush(); // CRDT changes survive: they are not tied to a version
  }

  private void onOp(OpFrame o) {
    if (phase != Phase.LIVE || o.v() < version) {
      return; // before a resumed welcome: the fresh identity's stream; below version: already applied
    }
    if (o.v() > version) {
      resync(true, "gap in the op stream: expected op " + version + ", received op " + o.v());
      return;
    }
    Change mine = inflight;
    CrdtState merged = null;
    if (mine != null && mine.merge != null && o.src().equals(clientId) && o.seq() == mine.seq) {
      // A merge's ack: applied like a remote op (the merge was never applied to doc).
      merged = mine.merge;
      inflight = null;
      mine = null;
    } else if (mine != null && o.src().equals(clientId) && o.seq() == mine.seq) {
      inflight = null;
      version++;
      mine.acknowledged();
      flush();
      return;
    }
    Op r;
    Op inflightOp = null;
    List<Op> pendingOps = new ArrayList<>(pending.size());
    Object next;
    try {
      r = FrameCodec.op(o.op());
      if (mine != null && mine.merge == null) {
        inflightOp = Json0.transform(mine.op, r, Side.LEFT);
        r = Json0.transform(r, mine.op, Side.RIGHT);
      }
      for (Change p : pending) {
        pendingOps.add(Json0.transform(p.op, r, Side.LEFT));
        r = Json0.transform(r, p.op, Side.RIGHT);
      }
      next = Json0.apply(doc, r);
    } catch (OtException e) {
      resync(false, "op " + o.v() + " does not fit the local document: " + e.getMessage());
      return;
    }
    if (mine != null && inflightOp != null) {
      mine.op = inflightOp;
    }
    int i = 0;
    for (Change p : pending) {
      p.op = pendingOps.get(i++);
    }
    doc = next;
    version++;
    clockBehind = true;
    if (merged != null) {
      crdtSettled(merged, null);
    }
    fx.changed(new DocumentEvent(DocumentEvent.Kind.REMOTE, r, version, o.userId(), document()));
    if (merged != null) {
      flush();
    }
  }

  private void onNack(Nack n) {
    Change refused = inflight;
    if (phase != Phase.LIVE || refused == null || n.seq() != refused.seq) {
      return; // about a change that is no longer in flight
    }
    if (RETRIABLE.contains(n.code())) {
      fx.retryLater(refused.seq, refused.sends, n.retryAfter());
      return;
    }
    inflight = null;
    RejectedChangeException rejection = new RejectedChangeException(n.code(), n.message(), n.seq());
    if (refused.merge != null) {
      Object before = document();
      crdtSettled(refused.merge, rejection);
      Object after = document();
      fx.changed(new DocumentEvent(DocumentEvent.Kind.ROLLBACK,
          Op.of(new Component.ObjectReplace(Path.of(), before, after)), version, author, after));
      if (RESYNC_AFTER.contains(n.code())) {
        resync(false, "the server refused merge " + n.seq() + " with " + n.code());
      } else {
        flush();
      }
      return;
    }
    Op undo = Json0.invert(refused.op);
    List<Op> pendingOps = new ArrayList<>(pending.size());
    Object next;
    try {
      for (Change p : pending) {
        pendingOps.add(Json0.transform(p.op, undo, Side.LEFT));
        undo = Json0.transform(undo, p.op, Side.RIGHT);
      }
      next = Json0.apply(doc, undo);
    } catch (OtException e) {
      refused.failed(rejection);
      resync(false, "could not undo refused change " + n.seq() + ": " + e.getMessage());
      return;
    }
    int i = 0;
    for (Change p : pending) {
      p.op = pendingOps.get(i++);
    }
    doc = next;
    fx.changed(new DocumentEvent(DocumentEvent.Kind.ROLLBACK, undo, version, author, document()));
    refused.failed(rejection);
    if (RESYNC_AFTER.contains(n.code())) {
      resync(false, "the server refused change " + n.seq() + " with " + n.code());
    } else {
      flush();
    }
  }

  /** Sends the first pending change if nothing is in flight. */
  private void flush() {
    if (phase != Phase.LIVE || inflight != null) {
      return;
    }
    Change c;
    while ((c = pending.poll()) != null) {
      if (c.op.isEmpty()) {
        c.acknowledged(); // nothing left to send (composed or transformed away)
        continue;
      }
      c.seq = ++lastSeq;
      inflight = c;
      sendInflight();
      return;
    }
    if (!crdtPending.isEmpty()) {
      Change m = new Change(crdtPending.split(Merge.MAX_CHANGES).get(0));
      m.seq = ++lastSeq;
      inflight = m;
      sendInflight();
    }
  }

  private void sendInflight() {
    Change c = Objects.requireNonNull(inflight);
    c.sends++;
    if (c.merge != null) {
      fx.send(new Merge(clientId, c.seq, codec.tree(JsonCodec.write(c.merge.toJson()))));
    } else {
      fx.send(new OpSubmit(clientId, c.seq, version, codec.node(c.op)));
    }
  }

  private void resync(boolean resumable, String reason) {
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.OFFLINE;
    if (!resumable) {
      resume = false;
    }
    fx.reconnect(resumable, reason);
  }

  /** Takes the json0 changes; a merge in flight is forgotten, its entries stay pending (section 7). */
  private List<Change> takeAll() {
    List<Change> all = new ArrayList<>(pending.size() + 1);
    if (inflight != null) {
      if (inflight.merge == null) {
        all.add(inflight);
      }
      inflight = null;
    }
    all.addAll(pending);
    pending.clear();
    return all;
  }
}
