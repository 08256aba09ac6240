package org.personacollab.gateway.domain;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.List;
import org.personacollab.gateway.security.Identity;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.personacollab.protocol.kafka.OpsRecord;

/**
 * The sockets this gateway hosts, by session. Fans out sequenced ops (to every socket of the
 * session, the sender's included: that is its ack), rejections (to the sender only) and live
 * events (to every socket of the session). Sessions with no socket here cost nothing.
 */
public final class SessionHub {
  private final Map<String, Set<Connection>> bySession = new ConcurrentHashMap<>();
  private final Map<String, RateLimiter> userLimiters = new ConcurrentHashMap<>();
  private final Map<String, PresenceThrottle> presenceThrottles = new ConcurrentHashMap<>(); // by session and user
  private final RateLimiterConfig userLimit;
  private final int presencePerSecond;

  /** A hub whose users may send {@code framesPerSecondPerUser} frames per second over all sockets. */
  public SessionHub(int framesPerSecondPerUser) {
    this(framesPerSecondPerUser, 10);
  }

  /**
   * A hub whose users may send {@code framesPerSecondPerUser} frames and
   * {@code presencePerSecond} presence updates per second over all their sockets.
   */
  public SessionHub(int framesPerSecondPerUser, int presencePerSecond) {
    this.presencePerSecond = presencePerSecond;
    this.userLimit =
        RateLimiterConfig.custom()
            .limitForPeriod(framesPerSecondPerUser)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ZERO)
            .build();
  }

  /** Adds a socket; true if it is its user's first socket in the session on this gateway. */
  public synchronized boolean register(Connection connection) {
    Set<Connection> sockets = bySession.computeIfAbsent(connection.sessionId(), k -> ConcurrentHashMap.newKeySet());
    boolean first = sockets.stream().noneMatch(c -> c.userId().equals(connection.userId()));
    sockets.add(connection);
    return first;
  }

  /** Removes a socket; true if it was its user's last socket in the session on this gateway. */
  public synchronized boolean unregister(Connection connection) {
    Set<Connection> sockets = bySession.get(connection.sessionId());
    if (sockets == null || !sockets.remove(connection)) return false;
    boolean last = sockets.stream().noneMatch(c -> c.userId().equals(connection.userId()));
    if (sockets.isEmpty()) bySession.remove(connection.sessionId());
    PresenceThrottle throttle = last ? presenceThrottles.remove(userInSession(connection)) : presenceThrottles.get(userInSession(connection));
    if (throttle != null) throttle.forget(connection.clientId());
    if (last && all().stream().noneMatch(c -> c.userId().equals(connection.userId()))) userLimiters.remove(connection.userId());
    return last;
  }

  /** The presence budget shared by all of a user's sockets in a session on this gateway. */
  public PresenceThrottle presenceThrottle(Connection connection) {
    return presenceThrottles.computeIfAbsent(userInSession(connection), k -> new PresenceThrottle(presencePerSecond));
  }

  private static String userInSession(Connection connection) {
    return connection.sessionId() + "\u0000" + connection.userId();
  }

  /** The frame limiter shared by all of a user's sockets on this gateway. */
  public RateLimiter userLimiter(Connection connection) {
    return userLimiters.computeIfAbsent(connection.userId(), id -> RateLimiter.of("user-" + id, userLimit));
  }

  /** Applies a role change to a user's sockets in a session. */
  public void changeRole(String sessionId, String userId, Identity.Role role) {
    for (Connection c : bySession.getOrDefault(sessionId, Set.of())) {
      if (c.userId().equals(userId)) c.changeRole(role);
    }
  }

  /** Closes a user's sockets in a session (they were removed), after frames already queued. */
  public void closeUser(String sessionId, String userId, int code, String reason) {
    for (Connection c : bySession.getOrDefault(sessionId, Set.of())) {
      if (c.userId().equals(userId)) c.closeAfterFlush(code, reason);
    }
  }

  /** Closes every socket of a session (it was closed), after frames already queued. */
  public void closeSession(String sessionId, int code, String reason) {
    for (Connection c : bySession.getOrDefault(sessionId, Set.of())) c.closeAfterFlush(code, reason);
  }

  /** Routes one record of {@code persona.ops}; returns how many sockets of its session are here. */
  public int deliver(OpsRecord record) {
    if (!awaited.isEmpty()) {
      String src = record instanceof OpsRecord.Sequenced o ? o.src()
          : record instanceof OpsRecord.Rejected r ? r.src()
          : ((OpsRecord.Duplicate) record).src();
      reactor.core.publisher.Sinks.One<OpsRecord> waiting = awaited.remove(src);
      if (waiting != null) waiting.tryEmitValue(record);
    }
    Set<Connection> sockets = bySession.get(record.sessionId());
    if (sockets == null) return 0;
    if (record instanceof OpsRecord.Sequenced op) {
      for (Connection c : sockets) c.deliver(op);
    } else if (record instanceof OpsRecord.Rejected rejected) {
      for (Connection c : sockets) {
        if (c.clientId().equals(rejected.src())) c.reject(rejected);
        else if (c.workshopSrc().equals(rejected.src())) c.rejectCommand(rejected);
      }
    } else if (record instanceof OpsRecord.Duplicate duplicate) {
      for (Connection c : sockets) {
        if (c.clientId().equals(duplicate.src())) c.acknowledge(duplicate);
      }
    }
    return sockets.size();
  }

  /** Sends an encoded live frame to every socket of a session. */
  public void broadcast(String sessionId, String json) {
    Set<Connection> sockets = bySession.get(sessionId);
    if (sockets == null) return;
    for (Connection c : sockets) c.sendRaw(json);
  }

  /** The distinct users connected to a session through this gateway, sorted. */
  public List<String> participants(String sessionId) {
    Set<Connection> sockets = bySession.getOrDefault(sessionId, Set.of());
    return sockets.stream().map(Connection::userId).distinct().sorted().toList();
  }

  /** The other open sockets of a session that carry {@code clientId} (a client that resumed elsewhere). */
  public List<Connection> withClientId(String sessionId, String clientId, Connection except) {
    return bySession.getOrDefault(sessionId, Set.of()).stream()
        .filter(c -> c != except && c.clientId().equals(clientId))
        .toList();
  }

  /** Every open socket (for shutdown and heartbeats). */
  public List<Connection> all() {
    return bySession.values().stream().flatMap(Set::stream).toList();
  }

  /** The number of open sockets. */
  public int socketCount() {
    return bySession.values().stream().mapToInt(Set::size).sum();
  }

  /** The number of sessions with at least one socket here. */
  public int sessionCount() {
    return bySession.size();
  }

  /** Outcomes awaited by REST calls, by the {@code src} of the change they queued (one change each). */
  private final java.util.Map<String, reactor.core.publisher.Sinks.One<OpsRecord>> awaited = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The first record of {@code src} that this gateway reads from {@code persona.ops}: its op, its
   * refusal or its acknowledgement as a duplicate. Register before queuing the change; the caller
   * bounds the wait (cancelling it forgets the registration).
   */
  public reactor.core.publisher.Mono<OpsRecord> outcomeOf(String src) {
    reactor.core.publisher.Sinks.One<OpsRecord> sink = reactor.core.publisher.Sinks.one();
    awaited.put(src, sink);
    return sink.asMono().doFinally(signal -> awaited.remove(src, sink));
  }

  /** Forgets a registration of {@link #outcomeOf} whose change could not be queued. */
  public void forget(String src) {
    awaited.remove(src);
  }
}
