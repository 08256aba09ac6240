package org.personacollab.session.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionStore} in memory, for tests and single-process use. Thread-safe: every method
 * holds the store's lock, which makes each check-and-change atomic as the port requires.
 */
public final class InMemorySessionStore implements SessionStore {
  private static final Comparator<Session> NEWEST_FIRST =
      Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed();

  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final Map<String, Map<String, Participant>> participants = new HashMap<>();
  private final Map<String, Instant> activity = new HashMap<>();

  @Override
  public synchronized Mono<CreateOutcome> create(Session session, Participant facilitator, int maxActive) {
    if (activeCount() >= maxActive) return Mono.just(CreateOutcome.LIMIT_REACHED);
    if (sessions.containsKey(session.id())) return Mono.just(CreateOutcome.ID_TAKEN);
    sessions.put(session.id(), session);
    participants.computeIfAbsent(session.id(), id -> new LinkedHashMap<>()).put(facilitator.userId(), facilitator);
    activity.put(session.id(), session.createdAt());
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
      snapshot = sessions.values().stream().filter(Session::isActive).sorted(NEWEST_FIRST).skip(offset).limit(limit).toList();
    }
    return Flux.fromIterable(snapshot);
  }

  @Override
  public synchronized Mono<Long> countActive() {
    return Mono.just(activeCount());
  }

  @Override
  public synchronized Mono<Page> listActiveFor(String userId, int offset, int limit) {
    List<Session> mine =
        sessions.values().stream()
            .filter(Session::isActive)
            .filter(s -> {
              Participant p = participants.getOrDefault(s.id(), Map.of()).get(userId);
              return p != null && p.isActive();
            })
            .sorted(NEWEST_FIRST)
            .toList();
    return Mono.just(new Page(mine.stream().skip(offset).limit(limit).toList(), mine.size()));
  }

  @Override
  public Flux<Participant> participants(String sessionId) {
    List<Participant> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(participants.getOrDefault(sessionId, Map.of()).values());
    }
    return Flux.fromIterable(snapshot);
  }

  @Override
  public synchronized Mono<Participant> participant(String sessionId, String userId) {
    return Mono.justOrEmpty(participants.getOrDefault(sessionId, Map.of()).get(userId));
  }

  @Override
  public synchronized Mono<JoinResult> join(
      String sessionId, Participant candidate, JoinMode mode, int maxParticipants, Instant now) {
    if (!isActive(sessionId)) return Mono.just(new JoinResult(JoinOutcome.CLOSED, null));
    Map<String, Participant> members = participants.computeIfAbsent(sessionId, id -> new LinkedHashMap<>());
    Participant current = members.get(candidate.userId());
    if (current != null && current.isActive()) return Mono.just(new JoinResult(JoinOutcome.ALREADY_ACTIVE, current));
    Participant next;
    if (mode == JoinMode.REJOIN) {
      if (current == null) return Mono.just(new JoinResult(JoinOutcome.NOT_A_PARTICIPANT, null));
      if (current.status() == ParticipantStatus.REMOVED) return Mono.just(new JoinResult(JoinOutcome.REMOVED, null));
      next = new Participant(current.userId(), candidate.name(), current.role(), current.joinedAt(), ParticipantStatus.ACTIVE);
    } else {
      next = new Participant(candidate.userId(), candidate.name(), candidate.role(),
          current == null ? candidate.joinedAt() : current.joinedAt(), ParticipantStatus.ACTIVE);
    }
    if (members.values().stream().filter(Participant::isActive).count() >= maxParticipants) {
      return Mono.just(new JoinResult(JoinOutcome.FULL, null));
    }
    members.put(next.userId(), next);
    touch(sessionId, now);
    return Mono.just(new JoinResult(mode == JoinMode.INVITE ? JoinOutcome.JOINED : JoinOutcome.REJOINED, next));
  }

  @Override
  public synchronized Mono<ChangeResult> leave(String sessionId, String userId, Instant now) {
    return Mono.just(setStatus(sessionId, userId, ParticipantStatus.LEFT, false, now));
  }

  @Override
  public synchronized Mono<ChangeResult> remove(String sessionId, String userId, Instant now) {
    return Mono.just(setStatus(sessionId, userId, ParticipantStatus.REMOVED, true, now));
  }

  private ChangeResult setStatus(String sessionId, String userId, ParticipantStatus status, boolean guard, Instant now) {
    if (!isActive(sessionId)) return new ChangeResult(ChangeOutcome.CLOSED, null);
    Map<String, Participant> members = participants.getOrDefault(sessionId, Map.of());
    Participant current = members.get(userId);
    if (current == null || !current.isActive()) return new ChangeResult(ChangeOutcome.NOT_A_PARTICIPANT, null);
    if (guard && isLastFacilitator(members, current)) return new ChangeResult(ChangeOutcome.LAST_FACILITATOR, null);
    members.put(userId, new Participant(userId, current.name(), current.role(), current.joinedAt(), status));
    touch(sessionId, now);
    return new ChangeResult(ChangeOutcome.CHANGED, current);
  }

  @Override
  public synchronized Mono<ChangeResult> changeRole(String sessionId, String userId, Role role, Instant now) {
    if (!isActive(sessionId)) return Mono.just(new ChangeResult(ChangeOutcome.CLOSED, null));
    Map<String, Participant> members = participants.getOrDefault(sessionId, Map.of());
    Participant current = members.get(userId);
    if (current == null || !current.isActive()) return Mono.just(new ChangeResult(ChangeOutcome.NOT_A_PARTICIPANT, null));
    if (current.role() == role) return Mono.just(new ChangeResult(ChangeOutcome.UNCHANGED, current));
    if (isLastFacilitator(members, current)) return Mono.just(new ChangeResult(ChangeOutcome.LAST_FACILITATOR, null));
    members.put(userId, new Participant(userId, current.name(), role, current.joinedAt(), current.status()));
    touch(sessionId, now);
    return Mono.just(new ChangeResult(ChangeOutcome.CHANGED, current));
  }

  private static boolean isLastFacilitator(Map<String, Participant> members, Participant target) {
    return target.role() == Role.FACILITATOR
        && members.values().stream().filter(p -> p.isActive() && p.role() == Role.FACILITATOR).count() <= 1;
  }

  @Override
  public synchronized Mono<CloseOutcome> close(Session closed, @Nullable Instant idleCutoff) {
    if (!isActive(closed.id())) return Mono.just(CloseOutcome.ALREADY_CLOSED);
    if (idleCutoff != null && lastActivity(closed.id()).isAfter(idleCutoff)) return Mono.just(CloseOutcome.ACTIVE_AGAIN);
    sessions.put(closed.id(), closed);
    activity.remove(closed.id());
    return Mono.just(CloseOutcome.CLOSED);
  }

  @Override
  public Flux<String> idleSessions(Instant cutoff, int max) {
    List<String> idle;
    synchronized (this) {
      idle = sessions.values().stream()
          .filter(Session::isActive)
          .filter(s -> !lastActivity(s.id()).isAfter(cutoff))
          .sorted(Comparator.comparing(Session::createdAt))
          .map(Session::id)
          .limit(max)
          .toList();
    }
    return Flux.fromIterable(idle);
  }

  @Override
  public synchronized Mono<Void> markActivity(String sessionId, Instant at) {
    touch(sessionId, at);
    return Mono.empty();
  }

  private void touch(String sessionId, Instant at) {
    activity.merge(sessionId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  private Instant lastActivity(String sessionId) {
    Instant last = activity.get(sessionId);
    return last != null ? last : sessions.get(sessionId).createdAt();
  }

  private boolean isActive(String sessionId) {
    Session s = sessions.get(sessionId);
    return s != null && s.isActive();
  }

  private long activeCount() {
    return sessions.values().stream().filter(Session::isActive).count();
  }
}
