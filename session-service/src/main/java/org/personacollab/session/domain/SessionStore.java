package org.personacollab.session.domain;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where sessions, their participants and their last activity are kept. Implementations:
 * {@link InMemorySessionStore} (tests, single process) and {@code RedisSessionStore}. Both pass
 * {@code SessionStoreContract}.
 *
 * <p>Every method that changes something checks and changes in one step (one Lua script in
 * Redis), so that two instances of session-service, or two requests, cannot interleave between
 * the check and the change: a full session stays full, a closed session stays closed. Each change
 * to the participants also records activity (see {@link #idleSessions}).
 */
public interface SessionStore {
  /** Outcome of {@link #create}. */
  enum CreateOutcome {
    CREATED,
    /** The store already holds {@code maxActive} active sessions; nothing was stored. */
    LIMIT_REACHED,
    /** The id is taken (astronomically rare with random ids); nothing was stored. */
    ID_TAKEN
  }

  /** How a join is allowed. */
  enum JoinMode {
    /** With a valid invite: anyone, with the invite's role (a removed participant too). */
    INVITE,
    /** Without an invite: only someone who is a participant, or left; with the role they had. */
    REJOIN
  }

  /** Outcome of {@link #join}. */
  enum JoinOutcome {
    /** Joined with an invite: a new participant, or one who had left or was removed, with the invite's role. */
    JOINED,
    /** Without an invite: a participant who had left is active again, with the role they had. */
    REJOINED,
    /** Already an active participant; nothing changed. */
    ALREADY_ACTIVE,
    /** The session has {@code maxParticipants} active participants; nothing changed. */
    FULL,
    /** The session is closed (or does not exist); nothing changed. */
    CLOSED,
    /** {@link JoinMode#REJOIN} by someone who never joined; nothing changed. */
    NOT_A_PARTICIPANT,
    /** {@link JoinMode#REJOIN} by someone the facilitator removed; nothing changed. */
    REMOVED
  }

  /** Outcome of {@link #leave}, {@link #remove} and {@link #changeRole}. */
  enum ChangeOutcome {
    CHANGED,
    /** The participant already had that role; nothing changed. */
    UNCHANGED,
    /** No active participant with that user id; nothing changed. */
    NOT_A_PARTICIPANT,
    /** The change would leave the session without an active facilitator; nothing changed. */
    LAST_FACILITATOR,
    /** The session is closed (or does not exist); nothing changed. */
    CLOSED
  }

  /** Outcome of {@link #close}. */
  enum CloseOutcome {
    CLOSED,
    /** It was closed already (or does not exist); nothing changed. */
    ALREADY_CLOSED,
    /** A close for inactivity found activity after the cutoff; nothing changed. */
    ACTIVE_AGAIN
  }

  /** A join's outcome and the participant as stored afterwards (null when refused). */
  record JoinResult(JoinOutcome outcome, @Nullable Participant participant) {}

  /** A change's outcome and the participant as it was before (null when refused). */
  record ChangeResult(ChangeOutcome outcome, @Nullable Participant before) {}

  /** One page of session ids and how many there are in all. */
  record Page(List<Session> sessions, long total) {
    public Page {
      sessions = List.copyOf(sessions);
    }
  }

  /**
   * Stores a new session with its facilitator unless that would exceed {@code maxActive} active
   * sessions. The check and the insert are atomic. Creation counts as activity.
   */
  Mono<CreateOutcome> create(Session session, Participant facilitator, int maxActive);

  /** The session with that id, active or closed; empty if there is none. */
  Mono<Session> find(String id);

  /** Active sessions, newest first, skipping {@code offset} and returning at most {@code limit}. */
  Flux<Session> listActive(int offset, int limit);

  /** The number of active sessions. */
  Mono<Long> countActive();

  /** Active sessions in which {@code userId} is an active participant, newest first, paged. */
  Mono<Page> listActiveFor(String userId, int offset, int limit);

  /** Every participant of a session, any status, in no particular order; empty if none. */
  Flux<Participant> participants(String sessionId);

  /** One participant, any status; empty if that user never joined. */
  Mono<Participant> participant(String sessionId, String userId);

  /**
   * Adds {@code candidate} to an active session, or makes them active again, unless the session
   * already has {@code maxParticipants} active participants. With {@link JoinMode#INVITE} the
   * candidate's role is taken; with {@link JoinMode#REJOIN} the stored role is kept. An already
   * active participant is left as they are ({@link JoinOutcome#ALREADY_ACTIVE}).
   */
  Mono<JoinResult> join(String sessionId, Participant candidate, JoinMode mode, int maxParticipants, Instant now);

  /** Marks an active participant as having left. */
  Mono<ChangeResult> leave(String sessionId, String userId, Instant now);

  /**
   * Marks an active participant as removed. Refused with {@link ChangeOutcome#LAST_FACILITATOR}
   * for the only active facilitator.
   */
  Mono<ChangeResult> remove(String sessionId, String userId, Instant now);

  /**
   * Gives an active participant another role. Refused with {@link ChangeOutcome#LAST_FACILITATOR}
   * when it would demote the only active facilitator.
   */
  Mono<ChangeResult> changeRole(String sessionId, String userId, Role role, Instant now);

  /**
   * Closes an active session: stores {@code closed} (which has status closed), takes it off the
   * active list and forgets its activity. With an {@code idleCutoff}, only if its last activity is
   * at or before it (a close for inactivity must not close a session that just became busy).
   */
  Mono<CloseOutcome> close(Session closed, @Nullable Instant idleCutoff);

  /**
   * Active sessions whose last activity is at or before {@code cutoff}, at most {@code max}. The
   * last activity is the latest of the creation, joins, leaves, removals and role changes, and the
   * activity marks recorded with {@link #markActivity} (which is what gateways do in Redis).
   */
  Flux<String> idleSessions(Instant cutoff, int max);

  /** Records activity in a session at {@code at} (never moves its last activity backwards). */
  Mono<Void> markActivity(String sessionId, Instant at);
}
