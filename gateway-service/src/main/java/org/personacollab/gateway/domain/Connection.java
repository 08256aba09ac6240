package org.personacollab.gateway.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.personacollab.gateway.security.Identity;
import org.personacollab.protocol.CloseCodes;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Ack;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpFrame;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.kafka.OpsRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client socket. It owns the socket's outbound queue and makes the op stream the client sees
 * gap-free and duplicate-free:
 *
 * <ul>
 *   <li><b>Welcome first.</b> Ops that arrive before the welcome (the socket is registered before
 *       the snapshot is read, so that nothing committed in between is missed) are held back and
 *       replayed after it; those the snapshot already contains ({@code v < version}) are dropped.
 *   <li><b>In version order.</b> An op ahead of the next expected version is parked and the
 *       missing ones are read from the {@link OpStream}; if they cannot be found in time the socket
 *       is closed with {@link CloseCodes#RESYNC} (the client reconnects and resumes) rather than
 *       shown a document that silently differs.
 *   <li><b>Resumable.</b> A reconnected client resumes from its version: the connection takes
 *       over its client id and replays the ops it missed from the read model, page by page.
 *   <li><b>Bounded.</b> At most {@code bufferSize} frames wait for a slow client; then it is closed
 *       with {@link CloseCodes#TOO_SLOW}. Nobody else waits for it.
 * </ul>
 *
 * Frames may be offered from several threads (Kafka, Redis, the socket's own input); emission is
 * serialised on this object.
 */
public final class Connection implements GenerationFeed.Member {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private volatile String clientId;
  private final String sessionId;
  private final String userId;
  private final String name;
  private final String color;
  private volatile Identity.Role role;
  private final WireCodec codec;
  private final OpStream opStream;
  private final SocketCloser closer;
  private final Duration gapFillTimeout;
  private final Sinks.Many<String> out;
  private final Sinks.Empty<Void> completed = Sinks.empty();
  private final AtomicLong editSeq = new AtomicLong();
  /** Workshop commands are numbered apart from changes: they travel as {@link #workshopSrc()}. */
  private final AtomicLong workshopSeq = new AtomicLong();
  /** Tells this connection's workshop commands from those of an earlier connection of the same client. */
  private final String workshopNonce = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
  private volatile long lastInbound = System.nanoTime();
  /** Ops are paged from the read model in pieces of this many. */
  static final int FILL_PAGE = 500;

  // Guarded by this.
  private boolean welcomed;
  private boolean closed;
  private boolean filling;
  private long next;
  /** A version the socket must be caught up to even if no later live op arrives (resume). */
  private long fillTarget = -1;
  private final List<OpsRecord.Sequenced> early = new ArrayList<>();
  private final TreeMap<Long, OpsRecord.Sequenced> ahead = new TreeMap<>();

  public Connection(
      String clientId,
      String sessionId,
      String userId,
      String name,
      Identity.Role role,
      int bufferSize,
      WireCodec codec,
      OpStream opStream,
      SocketCloser closer,
      Duration gapFillTimeout) {
    this.clientId = clientId;
    this.sessionId = sessionId;
    this.userId = userId;
    this.name = name;
    this.role = role;
    this.color = Colors.of(userId);
    this.codec = codec;
    this.opStream = opStream;
    this.closer = closer;
    this.gapFillTimeout = gapFillTimeout;
    Queue<String> queue = new ArrayBlockingQueue<>(bufferSize);
    this.out = Sinks.many().unicast().onBackpressureBuffer(queue);
  }

  public String clientId() {
    return clientId;
  }

  public String sessionId() {
    return sessionId;
  }

  public String userId() {
    return userId;
  }

  /** The participant's display name. */
  public String name() {
    return name;
  }

  /** The participant's colour (stable per user), for avatars and carets. */
  public String color() {
    return color;
  }

  /** The participant's current role (follows {@code role_changed} events). */
  public Identity.Role role() {
    return role;
  }

  /** Applies a role change announced by session-service. */
  public void changeRole(Identity.Role newRole) {
    this.role = newRole;
  }

  /** The next sequence number for an edit this client sends (1, 2, 3, …). */
  public long nextEditSeq() {
    return editSeq.incrementAndGet();
  }

  /**
   * The {@code src} of this connection's workshop commands (ADR 11): the client id plus
   * {@code /workshop-<nonce>}, so that they have their own count and the client's own numbering of
   * its changes (edits and ops share one) is never taken by a command, so that the command's op
   * coming back is not mistaken for the acknowledgement of a change, and so that a resumed client's
   * new connection, which counts from 1 again, is not taken for a duplicate (commands are not sent
   * again on resume).
   */
  public String workshopSrc() {
    return clientId() + "/workshop-" + workshopNonce;
  }

  /** The next number of a workshop command of this client: 1, 2, 3, … per connection. */
  public long nextWorkshopSeq() {
    return workshopSeq.incrementAndGet();
  }

  /**
   * Tells this client that one of its workshop commands was refused. The client did not number
   * the command, so it is an {@code error} frame, not a {@code nack} (whose {@code seq} would name
   * one of its changes).
   */
  public void rejectCommand(OpsRecord.Rejected rejected) {
    send(new org.personacollab.protocol.frame.ErrorFrame(rejected.code(), rejected.message()));
  }

  /**
   * Records a {@code seq} the client chose (an {@code op} frame), so that later edits, which the
   * server numbers, continue after it.
   */
  public void observeSeq(long seq) {
    editSeq.accumulateAndGet(seq, Math::max);
  }

  /** The frames to write to the socket, in order. */
  public Flux<String> outbound() {
    return out.asFlux();
  }

  /** Sends the welcome frame, then any ops that arrived meanwhile and are newer than it. */
  public synchronized void welcome(ServerFrame welcome, long version) {
    emit(codec.write(welcome));
    welcomed = true;
    next = version;
    List<OpsRecord.Sequenced> held = List.copyOf(early);
    early.clear();
    held.forEach(this::offer);
  }

  /** Offers a sequenced op of this session. */
  public synchronized void deliver(OpsRecord.Sequenced op) {
    if (!welcomed) {
      early.add(op);
      return;
    }
    offer(op);
  }

  /**
   * Resumes a reconnected client: this connection takes over its {@code clientId}, continues its
   * {@code seq}, sends {@code welcome} ({@code resumed}), and then every op from {@code version}
   * on: those up to {@code target} (the version the read model had) are read from it in pages,
   * later ones arrive live.
   */
  public synchronized void resume(String resumedClientId, long version, long seq, ServerFrame welcome, long target) {
    this.clientId = resumedClientId;
    observeSeq(seq);
    emit(codec.write(welcome));
    welcomed = true;
    next = version;
    early.clear();
    ahead.clear();
    fillTarget = target;
    fillGap();
  }

  /** Tells this client that a change it sent again had already been sequenced as op {@code v}. */
  public void acknowledge(OpsRecord.Duplicate duplicate) {
    send(new Ack(duplicate.seq(), duplicate.v()));
  }

  /** Records that the client sent something (any frame, a pong included). */
  public void markInbound() {
    lastInbound = System.nanoTime();
  }

  /** How long since the client last sent anything. */
  public Duration idleFor() {
    return Duration.ofNanos(System.nanoTime() - lastInbound);
  }

  /** Closes the socket with a code and reason. */
  public void close(int code, String reason) {
    closer.close(code, reason);
  }

  /** Closes the socket shortly, so that frames already queued (the reason's frame) go out first. */
  public void closeAfterFlush(int code, String reason) {
    Mono.delay(Duration.ofMillis(200)).subscribe(t -> closer.close(code, reason));
  }

  /** Tells this client that one of its changes was refused. */
  public void reject(OpsRecord.Rejected rejected) {
    send(new Nack(rejected.seq(), rejected.code(), rejected.message(), null));
  }

  /** Sends a frame now (errors, pongs, nacks); ordering relative to ops is not implied. */
  public void send(ServerFrame frame) {
    sendRaw(codec.write(frame));
  }

  /** Sends already-encoded JSON (live events fanned out from Redis). */
  @Override
  public synchronized void sendRaw(String json) {
    emit(json);
  }

  /**
   * Ends the outbound stream (the socket is closing). Whoever waits on {@link #completion()} is
   * told after this connection's lock is released: they leave feeds and hubs, which take locks of
   * their own, and must not do so while holding this one.
   */
  public void complete() {
    synchronized (this) {
      closed = true;
      out.tryEmitComplete();
    }
    completed.tryEmitEmpty();
  }

  /** Completes when the connection is completed. */
  public Mono<Void> completion() {
    return completed.asMono();
  }

  /** The next version this socket expects (for tests and diagnostics). */
  public synchronized long nextVersion() {
    return next;
  }

  private void offer(OpsRecord.Sequenced op) {
    if (op.v() < next) return; // already in the snapshot, or delivered
    if (op.v() > next) {
      ahead.put(op.v(), op);
      fillGap();
      return;
    }
    emitOp(op);
    while (!ahead.isEmpty() && ahead.firstKey() <= next) {
      OpsRecord.Sequenced parked = ahead.pollFirstEntry().getValue();
      if (parked.v() == next) emitOp(parked);
    }
  }

  private void emitOp(OpsRecord.Sequenced op) {
    emit(frameOf(op));
    next = op.v() + 1;
  }

  /** The last op encoded, with its frame: one op reaches every socket of its session in a row. */
  private record Encoded(OpsRecord.Sequenced op, String frame) {}

  private static final AtomicReference<@Nullable Encoded> LAST_ENCODED =
      new AtomicReference<>();

  /**
   * The op's frame, encoded once for all the sockets it goes to: {@link SessionHub#deliver} hands
   * the same record to each socket of the session in turn, so the frame written for the first is
   * the frame for the others (the frame depends on the op alone). Matched by identity; a miss (a
   * gap fill, another thread) only encodes again.
   */
  private String frameOf(OpsRecord.Sequenced op) {
    Encoded last = LAST_ENCODED.get();
    if (last != null && last.op() == op) return last.frame();
    String frame = codec.write(new OpFrame(op.v(), op.src(), op.seq(), op.op(), op.userId(), op.ts()));
    LAST_ENCODED.set(new Encoded(op, frame));
    return frame;
  }

  private void fillGap() {
    long to = Math.max(ahead.isEmpty() ? -1 : ahead.firstKey(), fillTarget);
    if (filling || closed || to <= next) {
      if (to <= next) fillTarget = -1;
      return;
    }
    filling = true;
    long from = next;
    long until = Math.min(to, from + FILL_PAGE);
    Mono.defer(() -> opStream.range(sessionId, from, until))
        .filter(ops -> ops.size() >= until - from)
        .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(50)))
        .timeout(gapFillTimeout)
        .subscribe(
            ops -> {
              synchronized (this) {
                filling = false;
                ops.forEach(this::offer);
                fillGap();
              }
            },
            e -> {
              log.warn("Socket {} of session {} missed ops {}..{} and could not refill them: {}", clientId, sessionId,
                  from, until - 1, e.toString());
              closer.close(CloseCodes.RESYNC, "resync: missed ops " + from + ".." + (until - 1) + "; reconnect to resume");
            });
  }

  private void emit(String frame) {
    if (closed) return;
    Sinks.EmitResult result = out.tryEmitNext(frame);
    // The queue is full: FAIL_OVERFLOW with a subscriber that does not read, FAIL_ZERO_SUBSCRIBER
    // if the socket's writer has not subscribed yet. Either way the client is not keeping up.
    if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
      closed = true;
      log.info("Closing socket {} of session {}: client too slow", clientId, sessionId);
      closer.close(CloseCodes.TOO_SLOW, "too_slow: the client fell behind; reconnect to resume");
    } else if (result.isFailure() && result != Sinks.EmitResult.FAIL_CANCELLED && result != Sinks.EmitResult.FAIL_TERMINATED) {
      log.warn("Socket {} dropped a frame: {}", clientId, result);
    }
  }
}
