package org.personacollab.session.domain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A {@link SessionStore} in memory, for tests and single-process use. Thread-safe. */
public final class InMemorySessionStore implements SessionStore {
  private final Map<String, Session> sessions = new LinkedHashMap<>();

  @Override
  public synchronized Mono<CreateOutcome> create(Session session, int maxActive) {
    if (activeCount() >= maxActive) return Mono.just(CreateOutcome.LIMIT_REACHED);
    if (sessions.containsKey(session.id())) return Mono.just(CreateOutcome.ID_TAKEN);
    sessions.put(session.id(), session);
    return Mono.just(CreateOutcome.CREATED);
  }

  @Override
  public synchronized Mono<Session> find(String id) {
    return Mono.justOrEmpty(sessions.get(id));
  }

  @Override
  public Flux<Session> listActive(int offset, int limit) {
    List<Session> snapshot;
    synchronized (this) {
      snapshot =
          sessions.values().stream()
              .filter(s -> s.status() == SessionStatus.ACTIVE)
              .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed())
              .skip(offset)
              .limit(limit)
              .toList();
    }
    return Flux.fromIterable(snapshot);
  }

  @Override
  public synchronized Mono<Long> countActive() {
    return Mono.just(activeCount());
  }

  private long activeCount() {
    return sessions.values().stream().filter(s -> s.status() == SessionStatus.ACTIVE).count();
  }
}
