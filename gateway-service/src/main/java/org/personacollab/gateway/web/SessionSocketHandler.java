package org.personacollab.gateway.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.personacollab.gateway.redis.ActivityMarks;
import org.personacollab.gateway.redis.PresenceStore;
import org.personacollab.gateway.security.Identity;
import org.personacollab.gateway.security.SocketAuthFilter;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.ot.Op;
import org.personacollab.protocol.frame.PresenceUpdate;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.UserLeft;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.personacollab.gateway.config.GatewayProperties;
import org.personacollab.gateway.domain.ClientIds;
import org.personacollab.gateway.domain.Connection;
import org.personacollab.gateway.domain.GenerationFeeds;
import org.personacollab.gateway.domain.OpStream;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.kafka.EditPublisher;
import org.personacollab.gateway.redis.DocumentReader;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.CloseCodes;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.ProtocolVersion;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.MessageType;
import org.personacollab.protocol.frame.CancelGeneration;
import org.personacollab.protocol.frame.CloseVote;
import org.personacollab.protocol.frame.Floor;
import org.personacollab.protocol.frame.Lock;
import org.personacollab.protocol.frame.Merge;
import org.personacollab.protocol.frame.Propose;
import org.personacollab.protocol.frame.Turns;
import org.personacollab.protocol.frame.Unlock;
import org.personacollab.protocol.frame.Vote;
import tools.jackson.databind.node.ObjectNode;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Edit;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.Generate;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.Ping;
import org.personacollab.protocol.frame.Pong;
import org.personacollab.protocol.frame.Welcome;
import org.personacollab.protocol.kafka.EditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.util.function.Tuples;
import reactor.core.publisher.Mono;

/**
 * {@code /ws/sessions/{sessionId}}: one participant's socket.
 *
 * <ol>
 *   <li>Refuse early, with a close code and a reason naming the error code: collaboration off
 *       (4503), unknown session (4404), session-service unreachable (4504).
 *   <li>Register the socket, then read the snapshot and send {@code welcome} (ops committed
 *       meanwhile are held by the {@link Connection} and sent after it, without gap or
 *       duplicate).
 *   <li>Then read frames (at most {@code persona.gateway.frames-per-second}; more are refused
 *       {@code rate_limited}): {@code hello} with a client id and version resumes (see
 *       {@link #resume}); {@code edit} → Kafka ({@code src} = this socket's client id,
 *       {@code seq} = 1, 2, 3… per socket); {@code op} → Kafka (json0, with the client's
 *       {@code seq} and base version; an {@code src} other than this socket's is refused
 *       {@code forbidden}); {@code merge} → Kafka as a CRDT update (offline mode, ADR 12; numbered
 *       like an op, no base version); {@code generate} and {@code cancel_generation} → generation-service
 *       (its refusal comes back as an {@code error} frame); the workshop frames ({@code propose},
 *       {@code vote}, {@code close_vote}, {@code turns}, {@code floor}, {@code lock},
 *       {@code unlock}) → Kafka as workshop commands with the socket's role (ADR 11; a viewer's are
 *       refused {@code forbidden}, a refusal by the sequencer comes back as an {@code error});
 *       {@code ping} → {@code pong}; anything malformed → an {@code error} frame, and the socket
 *       stays open.
 * </ol>
 *
 * The server pings every {@code heartbeat-interval} and closes a socket that sent nothing for
 * {@code idle-timeout} (4000). Identity is provisional until tokens arrive: the display name comes from the {@code name}
 * query parameter (default {@code anonymous}).
 */
public final class SessionSocketHandler implements WebSocketHandler {
  /** Stand-ins for frames that carry no text, distinct by identity from any text received. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String BINARY_FRAME = new String("<binary>");

  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String CONTROL_FRAME = new String("<control>");

  private static final Logger log = LoggerFactory.getLogger(SessionSocketHandler.class);
  public static final String PATH = "/ws/sessions/{sessionId}";
  private static final String PREFIX = "/ws/sessions/";

  private final CollaborationProperties collaboration;
  private final GatewayProperties gateway;
  private final SessionHub hub;
  private final DocumentReader documents;
  private final OpStream opStream;
  private final EditPublisher edits;
  private final GenerationClient generations;
  private final WireCodec codec;
  private final Clock clock;
  private final ClientIds clientIds;
  private final ParticipantDirectory participants;
  private final PresenceStore presence;
  private final ActivityMarks activity;
  private final GenerationFeeds feeds;

  public SessionSocketHandler(
      CollaborationProperties collaboration,
      GatewayProperties gateway,
      SessionHub hub,
      DocumentReader documents,
      OpStream opStream,
      EditPublisher edits,
      GenerationClient generations,
      WireCodec codec,
      Clock clock,
      ClientIds clientIds,
      ParticipantDirectory participants,
      PresenceStore presence,
      ActivityMarks activity,
      GenerationFeeds feeds) {
    this.feeds = feeds;
    this.clientIds = clientIds;
    this.participants = participants;
    this.presence = presence;
    this.activity = activity;
    this.collaboration = collaboration;
    this.gateway = gateway;
    this.hub = hub;
    this.documents = documents;
    this.opStream = opStream;
    this.edits = edits;
    this.generations = generations;
    this.codec = codec;
    this.clock = clock;
  }

  /** The subprotocol a browser offers together with its {@code bearer.<token>}. */
  @Override
  public List<String> getSubProtocols() {
    return List.of(SocketAuthFilter.SUBPROTOCOL);
  }

  @Override
  public Mono<Void> handle(WebSocketSession socket) {
    String path = socket.getHandshakeInfo().getUri().getPath();
    String sessionId = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
    if (!collaboration.enabled()) {
      return close(socket, CloseCodes.COLLABORATION_DISABLED, ErrorCode.COLLABORATION_DISABLED,
          "Collaboration is switched off on this server (collaboration.enabled: false).");
    }
    Identity identity = (Identity) socket.getAttributes().get(SocketAuthFilter.IDENTITY);
    if (identity == null) {
      return close(socket, CloseCodes.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "No session token.");
    }
    // SocketAuthFilter asked session-service before the upgrade; ask only if it did not.
    Object access = socket.getAttributes().get(SocketAuthFilter.ACCESS);
    Mono<ParticipantDirectory.Status> lookup =
        access instanceof ParticipantDirectory.Status known
            ? Mono.just(known)
            : access instanceof ApiException failed ? Mono.error(failed) : participants.lookup(identity);
    return lookup
        .flatMap(
            status -> {
              if (status instanceof ParticipantDirectory.Status.Participant p) {
                return connect(socket, identity, p.role());
              }
              var refused = (ParticipantDirectory.Status.Refused) status;
              int code =
                  switch (refused.code()) {
                    case SESSION_NOT_FOUND -> CloseCodes.SESSION_NOT_FOUND;
                    case SESSION_CLOSED -> CloseCodes.SESSION_CLOSED;
                    case UNAUTHORIZED, TOKEN_EXPIRED -> CloseCodes.UNAUTHORIZED;
                    default -> CloseCodes.FORBIDDEN;
                  };
              return close(socket, code, refused.code(), refused.message());
            })
        .onErrorResume(ApiException.class, e -> close(socket, CloseCodes.UNAVAILABLE, e.code(), e.getMessage()))
        .contextWrite(SessionLogContext.of(sessionId));
  }

  private Mono<Void> connect(WebSocketSession socket, Identity identity, Identity.Role role) {
    String sessionId = identity.sessionId();
    String userId = identity.userId();
    String clientId = clientIds.issue(sessionId);
    Connection connection =
        new Connection(
            clientId,
            sessionId,
            userId,
            identity.name(),
            role,
            gateway.outboundBuffer(),
            codec,
            opStream,
            (code, reason) -> socket.close(new CloseStatus(code, truncate(reason))).subscribe(),
            gateway.gapFillTimeout());
    RateLimiter limiter =
        RateLimiter.of(
            clientId,
            RateLimiterConfig.custom()
                .limitForPeriod(gateway.framesPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    boolean firstOfUser = hub.register(connection);
    log.info("Socket {} of {} ({}) joined", clientId, userId, role.wire());
    Mono<Void> announce =
        firstOfUser
            ? presence.publish(sessionId, new UserJoined(userId, identity.name(), role.wire(), connection.color(), clock.millis()))
                .onErrorResume(e -> Mono.empty())
            : Mono.empty();
    Mono<Void> welcomeSteps =
        documents
            .read(sessionId)
            .flatMap(
                doc ->
                    presence
                        .current(sessionId, clock.millis())
                        .onErrorReturn(List.of())
                        .flatMap(entries -> atVersion(sessionId, entries, doc.version()))
                        .map(entries -> Tuples.of(doc, entries)))
            .doOnNext(
                t ->
                    connection.welcome(
                        new Welcome(
                            ProtocolVersion.CURRENT,
                            sessionId,
                            clientId,
                            t.getT1().version(),
                            t.getT1().document(),
                            hub.participants(sessionId),
                            false,
                            connection.role().wire(),
                            t.getT2()),
                        t.getT1().version()))
            // After the welcome: the running generation's start and chunks so far, then live ones.
            .then(Mono.fromRunnable(() -> feeds.join(connection)))
            .then(announce);
    // Run once, awaited by every frame: nothing is answered before the welcome.
    Mono<Void> welcome = welcomeSteps.cache();
    // Read from the start, not only once the welcome is out: a frame a client sends the moment
    // the socket opens (a resuming hello, a ping) is held (concatMap's prefetch, then
    // back-pressure on the socket) until the welcome, never lost. The text is copied at once,
    // because the frame's buffer is released after it is handed on.
    Mono<Void> input =
        socket
            .receive()
            .doOnNext(message -> connection.markInbound())
            .map(message -> message.getType() == WebSocketMessage.Type.TEXT ? message.getPayloadAsText()
                : message.getType() == WebSocketMessage.Type.BINARY ? BINARY_FRAME : CONTROL_FRAME)
            .concatMap(
                text ->
                    welcome.then(
                        Mono.defer(
                            () -> {
                              if (text == BINARY_FRAME) {
                                // The protocol is JSON text; a binary frame is refused by name, not dropped.
                                connection.send(ErrorFrame.of(ErrorCode.INVALID_FRAME,
                                    "Binary messages are not part of the protocol: send each message as a JSON text frame."));
                                return Mono.empty();
                              }
                              if (text == CONTROL_FRAME) return Mono.empty(); // pings and pongs: liveness only
                              return onFrame(connection, identity, limiter, text);
                            })))
            .then();
    Flux<WebSocketMessage> heartbeats =
        Flux.interval(gateway.heartbeatInterval())
            .flatMap(
                tick -> {
                  if (connection.idleFor().compareTo(gateway.idleTimeout()) > 0) {
                    connection.close(CloseCodes.IDLE,
                        "idle: nothing received for " + gateway.idleTimeout().toSeconds() + " s; reconnect to resume");
                    return Mono.empty();
                  }
                  return Mono.just(socket.pingMessage(factory -> factory.allocateBuffer(0)));
                });
    // The socket may not outlive its token: the client signs in again and resumes. A token that
    // expired a moment ago passes the handshake (validators allow for clock skew): it is closed at
    // once rather than never.
    Duration left = Duration.between(clock.instant(), identity.expiresAt());
    Mono<Void> expiry =
        left.compareTo(Duration.ofDays(365)) > 0
            ? Mono.never()
            : Mono.delay(left.isNegative() ? Duration.ZERO : left)
                .doOnNext(t -> connection.close(CloseCodes.UNAUTHORIZED, "token_expired: sign in again and reconnect to resume"))
                .then();
    Mono<Void> output =
        socket.send(Flux.merge(connection.outbound().map(socket::textMessage), heartbeats.takeUntilOther(connection.completion())));
    return Mono.when(output, Mono.when(welcome, input).doFinally(s -> connection.complete()), expiry.takeUntilOther(connection.completion()))
        .doFinally(
            signal -> {
              feeds.leave(connection);
              boolean lastOfUser = hub.unregister(connection);
              presence.remove(sessionId, connection.clientId()).subscribe(v -> {}, e -> {});
              if (lastOfUser) {
                presence.publish(sessionId, new UserLeft(userId, identity.name(), null, clock.millis())).subscribe(v -> {}, e -> {});
              }
              log.info("Socket {} of {} left ({})", connection.clientId(), userId, signal);
            });
  }

  /**
   * A resuming hello: the connection takes over the client's id and replays what it missed, when
   * the id is one we issued for this session and its version is one the read model can replay
   * from. Otherwise the client gets a fresh welcome with the current snapshot (keeping its id if
   * the id is valid, so that a change it sends again is still recognised as a duplicate).
   */
  private Mono<Void> resume(Connection connection, Hello hello) {
    String sessionId = connection.sessionId();
    boolean validId = clientIds.isValid(sessionId, hello.clientId());
    long version = hello.version();
    long seq = hello.seq() == null ? 0 : hello.seq();
    return Mono.zip(documents.read(sessionId), documents.oldestOp(sessionId).defaultIfEmpty(-1L))
        .doOnNext(
            t -> {
              DocumentReader.Snapshot current = t.getT1();
              long oldest = t.getT2();
              boolean replayable = version == current.version() || (oldest >= 0 && oldest <= version && version < current.version());
              for (Connection other : hub.withClientId(sessionId, hello.clientId(), connection)) {
                other.close(CloseCodes.RESYNC, "replaced: the client resumed on a newer connection");
              }
              if (validId && replayable) {
                connection.resume(
                    hello.clientId(),
                    version,
                    seq,
                    new Welcome(ProtocolVersion.CURRENT, sessionId, hello.clientId(), version, null,
                        hub.participants(sessionId), true, connection.role().wire(), List.of()),
                    current.version());
                log.info("Socket resumed client {} from version {} (now {})", hello.clientId(), version, current.version());
              } else {
                String id = validId ? hello.clientId() : connection.clientId();
                connection.resume(
                    id,
                    current.version(),
                    validId ? seq : 0,
                    new Welcome(ProtocolVersion.CURRENT, sessionId, id, current.version(), current.document(),
                        hub.participants(sessionId), false, connection.role().wire(), List.of()),
                    current.version());
                log.info("Socket could not resume client {} from version {} (valid id: {}, now {}, oldest op {})",
                    hello.clientId(), version, validId, current.version(), oldest);
              }
            })
        .then();
  }

  private Mono<Void> onFrame(Connection connection, Identity identity, RateLimiter limiter, String text) {
    ClientFrame frame;
    try {
      frame = codec.decodeClientFrame(text);
    } catch (ProtocolException e) {
      connection.send(ErrorFrame.of(e.code(), e.getMessage()));
      return Mono.empty();
    }
    if (!(frame instanceof Ping) && (!limiter.acquirePermission() || !hub.userLimiter(connection).acquirePermission())) {
      String message = "Too many messages: at most " + gateway.framesPerSecond() + " per second per connection and "
          + gateway.framesPerSecondPerUser() + " per person. Wait a moment and send again.";
      if (frame instanceof OpSubmit submit) {
        connection.send(new Nack(submit.seq(), ErrorCode.RATE_LIMITED.code(), message, 1000L));
      } else if (frame instanceof Merge merge) {
        connection.send(new Nack(merge.seq(), ErrorCode.RATE_LIMITED.code(), message, 1000L));
      } else {
        connection.send(ErrorFrame.of(ErrorCode.RATE_LIMITED, message));
      }
      return Mono.empty();
    }
    boolean changes = frame instanceof Edit || frame instanceof OpSubmit || frame instanceof Merge || frame instanceof Generate;
    if (changes && !connection.role().canEdit()) {
      String message = "Viewers cannot change the persona or start a generation; ask the facilitator for the editor role.";
      if (frame instanceof OpSubmit submit) connection.send(new Nack(submit.seq(), ErrorCode.FORBIDDEN.code(), message, null));
      else if (frame instanceof Merge merge) connection.send(new Nack(merge.seq(), ErrorCode.FORBIDDEN.code(), message, null));
      else connection.send(ErrorFrame.of(ErrorCode.FORBIDDEN, message));
      return Mono.empty();
    }
    boolean workshop = isWorkshop(frame);
    if (workshop && connection.role() == Identity.Role.VIEWER) {
      connection.send(ErrorFrame.of(ErrorCode.FORBIDDEN,
          "Viewers cannot propose, vote, lock fields or hand the floor over; ask the facilitator for the editor role."));
      return Mono.empty();
    }
    if (workshop) {
      activity.mark(connection.sessionId());
      return publish(connection, workshopCommand(connection, frame));
    }
    if (frame instanceof PresenceUpdate update) {
      hub.presenceThrottle(connection).offer(
          new PresenceFrame(connection.userId(), connection.clientId(), connection.name(), connection.color(), update.focus(),
              update.caret(), update.selection(), update.v(), clock.millis()),
          frame1 -> presence.update(connection.sessionId(), frame1).subscribe(v -> {}, e -> log.debug("presence: {}", e.toString())));
      return Mono.empty();
    }
    if (changes) activity.mark(connection.sessionId());
    if (frame instanceof Edit edit) {
      long seq = connection.nextEditSeq();
      var record =
          EditRecord.edit(connection.sessionId(), connection.clientId(), seq, connection.userId(), clock.millis(),
              edit.segments(), edit.value());
      return publish(connection, record);
    }
    if (frame instanceof OpSubmit submit) {
      if (submit.src() != null && !submit.src().equals(connection.clientId())) {
        connection.send(new Nack(submit.seq(), ErrorCode.FORBIDDEN.code(),
            "An op's src must be this connection's clientId (" + connection.clientId() + ").", null));
        return Mono.empty();
      }
      connection.observeSeq(submit.seq());
      var record =
          EditRecord.op(connection.sessionId(), connection.clientId(), submit.seq(), connection.userId(), clock.millis(),
              submit.v(), submit.op());
      return publish(connection, record);
    }
    if (frame instanceof Merge merge) {
      // Offline mode (ADR 12): numbered like an op; the sequencer merges it whatever the client's version.
      if (merge.src() != null && !merge.src().equals(connection.clientId())) {
        connection.send(new Nack(merge.seq(), ErrorCode.FORBIDDEN.code(),
            "A merge's src must be this connection's clientId (" + connection.clientId() + ").", null));
        return Mono.empty();
      }
      connection.observeSeq(merge.seq());
      return publish(connection,
          EditRecord.merge(connection.sessionId(), connection.clientId(), merge.seq(), connection.userId(), clock.millis(), merge.changes()));
    }
    if (frame instanceof Generate generate) {
      return generations
          .start(connection.sessionId(), identity.token(), generate.count(), generate.dataset())
          .then()
          .onErrorResume(
              ApiException.class,
              e -> {
                connection.send(ErrorFrame.of(e.code(), e.getMessage()));
                return Mono.empty();
              });
    }
    if (frame instanceof CancelGeneration cancel) {
      String id = cancel.generationId() != null ? cancel.generationId() : "current";
      return generations
          .cancel(connection.sessionId(), identity.token(), id)
          .onErrorResume(
              ApiException.class,
              e -> {
                connection.send(ErrorFrame.of(e.code(), e.getMessage()));
                return Mono.empty();
              });
    }
    if (frame instanceof Ping) {
      connection.send(new Pong());
      return Mono.empty();
    }
    if (frame instanceof Hello hello) {
      if (hello.protocol() != ProtocolVersion.CURRENT) {
        connection.send(ErrorFrame.of(ErrorCode.UNSUPPORTED_PROTOCOL,
            "This server speaks protocol " + ProtocolVersion.CURRENT + ", not " + hello.protocol() + "."));
      } else if (hello.resumes()) {
        return resume(connection, hello);
      }
    }
    return Mono.empty();
  }

  /** The workshop frames: numbered like edits and sequenced as commands on {@code _workshop} (ADR 11). */
  static boolean isWorkshop(ClientFrame frame) {
    return frame instanceof Propose || frame instanceof Vote || frame instanceof CloseVote || frame instanceof Turns
        || frame instanceof Floor || frame instanceof Lock || frame instanceof Unlock;
  }

  /**
   * A workshop frame as the command the sequencer runs: event {@code workshop.<type>} whose data is
   * the frame's fields (nulls left out) and the sender's role now, from {@code src}
   * {@code <clientId>/workshop} with its own count (a refusal comes back as an {@code error} frame).
   */
  private EditRecord workshopCommand(Connection connection, ClientFrame frame) {
    ObjectNode data = codec.mapper().valueToTree(frame);
    data.remove("type");
    List<String> empty = new java.util.ArrayList<>();
    for (var e : data.properties()) if (e.getValue().isNull()) empty.add(e.getKey());
    empty.forEach(data::remove);
    data.put("role", connection.role().wire());
    ObjectNode event = codec.mapper().createObjectNode();
    event.put("type", "workshop." + MessageType.of(frame).wireName());
    event.set("data", data);
    return new EditRecord(connection.sessionId(), connection.workshopSrc(), connection.nextWorkshopSeq(), connection.userId(), clock.millis(),
        null, null, null, null, event);
  }

  private Mono<Void> publish(Connection connection, EditRecord record) {
    return edits
        .publish(record)
        .onErrorResume(
            e -> {
              log.warn("Could not queue change {} of {}: {}", record.seq(), connection.clientId(), e.toString());
              connection.send(new Nack(record.seq(), ErrorCode.UNAVAILABLE.code(),
                  "The change could not be saved right now; send it again.", 1000L));
              return Mono.empty();
            });
  }

  private static Mono<Void> close(WebSocketSession socket, int code, ErrorCode error, String message) {
    log.info("Refusing socket: {} {}", error.code(), message);
    return socket.close(new CloseStatus(code, truncate(error.code() + ": " + message)));
  }

  /** Close reasons are limited to 123 UTF-8 bytes by RFC 6455. */
  static String truncate(String reason) {
    byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (bytes.length <= 123) return reason;
    String cut = new String(bytes, 0, 120, java.nio.charset.StandardCharsets.UTF_8);
    // Drop a possibly broken last character.
    return cut.substring(0, Math.max(0, cut.length() - 1)) + "...";
  }

  /**
   * The presence entries brought to the welcome's version: each is valid at its own {@code v}
   * (docs/protocol.md, "Presence"), and the joining client has the snapshot but not the ops before
   * it, so the carets are moved through those ops here.
   */
  private Mono<List<PresenceFrame>> atVersion(String sessionId, List<PresenceFrame> entries, long version) {
    long oldest = entries.stream().mapToLong(PresenceFrame::v).filter(v -> v < version).min().orElse(version);
    if (oldest >= version) return Mono.just(entries);
    // One read for all of them, from the oldest entry's version.
    return opStream
        .range(sessionId, oldest, version)
        .map(ops -> entries.stream()
            .map(p -> p.v() >= version ? p : rebase(p, version, ops.stream().filter(op -> op.v() >= p.v()).toList()))
            .toList())
        .onErrorReturn(entries);
  }

  /** {@code p} moved through {@code ops} (those from its version to {@code version}); unchanged if some are missing. */
  static PresenceFrame rebase(PresenceFrame p, long version, List<OpsRecord.Sequenced> ops) {
    if (ops.size() != version - p.v()) return p; // the read model lacks some: left valid at its own v
    PresenceFrame at = p;
    for (OpsRecord.Sequenced op : ops) at = at.through(Op.parse(op.op().toString()));
    return at;
  }
}
