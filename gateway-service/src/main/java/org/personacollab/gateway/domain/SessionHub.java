package org.personacollab.gateway.domain;

import java.util.List;
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

  public void register(Connection connection) {
    bySession.computeIfAbsent(connection.sessionId(), k -> ConcurrentHashMap.newKeySet()).add(connection);
  }

  public void unregister(Connection connection) {
    bySession.computeIfPresent(
        connection.sessionId(),
        (k, set) -> {
          set.remove(connection);
          return set.isEmpty() ? null : set;
        });
  }

  /** Routes one record of {@code persona.ops}. */
  public void deliver(OpsRecord record) {
    Set<Connection> sockets = bySession.get(record.sessionId());
    if (sockets == null) return;
    if (record instanceof OpsRecord.Sequenced op) {
      for (Connection c : sockets) c.deliver(op);
    } else if (record instanceof OpsRecord.Rejected rejected) {
      for (Connection c : sockets) {
        if (c.clientId().equals(rejected.src())) c.reject(rejected);
      }
    } else if (record instanceof OpsRecord.Duplicate duplicate) {
      for (Connection c : sockets) {
        if (c.clientId().equals(duplicate.src())) c.acknowledge(duplicate);
      }
    }
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
}
