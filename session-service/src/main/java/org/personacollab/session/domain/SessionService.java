package org.personacollab.session.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.session.domain.SessionStore.ChangeResult;
import org.personacollab.session.domain.SessionStore.CloseOutcome;
import org.personacollab.session.domain.SessionStore.CreateOutcome;
import org.personacollab.session.domain.SessionStore.JoinMode;
import org.personacollab.session.domain.SessionStore.JoinResult;
import org.personacollab.session.domain.TokenIssuer.InviteCheck;
import org.personacollab.session.domain.TokenIssuer.IssuedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * The rules of sessions: who may create, join, leave, invite, change roles, remove and close, and
 * what everyone else learns when they do.
 *
 * <h2>Access</h2>
 * Creating and joining need a <em>user</em> token. Everything about one session needs a
 * <em>session</em> token for that session ({@code sid} = the session in the path, else
 * {@code forbidden}) held by an active participant (else {@code not_a_participant}) whose role,
 * as the session holds it now and not as the token says, covers the action (facilitator for
 * invites, roles, removals and closing; else {@code forbidden}). A changed role therefore takes
 * effect at once, although the participant's token still names the old one.
 *
 * <h2>Order of effects</h2>
 * Each change is made in the {@link SessionStore} first, atomically with its checks; then its
 * audit events are appended to the {@link AuditLog} and the request answers only once the broker
 * has them (an unreachable broker is {@code unavailable}, although the change stands: there is no
 * outbox); then the gateways are told on the {@link SessionEvents} channel, at most once and without
 * failing the request.
 *
 * <p>Failures are {@link ApiException}s with the code the caller sees.
 */
public final class SessionService {
  /** The {@code src} of every record this service writes, and the actor of its own events. */
  public static final String AGENT = "agent:session-service";

  private static final Logger log = LoggerFactory.getLogger(SessionService.class);

  /**
   * The limits the service enforces.
   *
   * @param maxSessions {@code collaboration.server.max_sessions}
   * @param maxParticipants {@code collaboration.server.max_participants_per_session}
   * @param idleTimeout {@code collaboration.session.timeout_minutes}, or
   *     {@code persona.sessions.idle-timeout} when set
   * @param inviteMaxTtl the longest {@code expires_in} an invite may ask for
   */
  public record Limits(int maxSessions, int maxParticipants, Duration idleTimeout, Duration inviteMaxTtl) {
    public Limits {
      if (maxSessions < 1 || maxParticipants < 1) throw new IllegalArgumentException("limits must be at least 1");
      if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
      if (inviteMaxTtl.isNegative() || inviteMaxTtl.isZero()) throw new IllegalArgumentException("inviteMaxTtl must be positive");
    }
  }

  /** A caller's place in a session: the session, their participant record and a session token. */
  public record Grant(Session session, Participant participant, IssuedToken token) {}

  /** A session with its active participants, first joined first. */
  public record Details(Session session, List<Participant> participants) {
    public Details {
      participants = List.copyOf(participants);
    }
  }

  /** An invite as stored, and its token (shown once, to the facilitator who made it). */
  public record NewInvite(Invite invite, String token) {}

  private final SessionStore store;
  private final InviteStore invites;
  private final TokenIssuer tokens;
  private final AuditLog audit;
  private final SessionEvents live;
  private final Limits limits;
  private final Clock clock;

  public SessionService(
      SessionStore store, InviteStore invites, TokenIssuer tokens, AuditLog audit, SessionEvents live, Limits limits, Clock clock) {
    this.store = store;
    this.invites = invites;
    this.tokens = tokens;
    this.audit = audit;
    this.live = live;
    this.limits = limits;
    this.clock = clock;
  }

  public Limits limits() {
    return limits;
  }

  // ---------------------------------------------------------------- create, read, list

  /**
   * Creates a session with the caller as its facilitator. {@code persona}, if given, becomes the
   * document's first change (a whole-document replace); {@code settings} is kept as given.
   *
   * @return the new session, its facilitator and their session token; {@code session_limit_reached}
   *     when {@code max_sessions} sessions are active
   */
  public Mono<Grant> create(Caller caller, String name, @Nullable JsonNode persona, @Nullable JsonNode settings) {
    return requireUserToken(caller, "create a session")
        .then(Mono.defer(() -> {
          Instant now = clock.instant();
          Session session = new Session(SessionIds.next(), name, now, caller.userId(), SessionStatus.ACTIVE, settings, null, null);
          Participant facilitator = Participant.active(caller, Role.FACILITATOR, now);
          return store.create(session, facilitator, limits.maxSessions()).flatMap(outcome -> created(outcome, session, facilitator, caller));
        }))
        .retryWhen(Retry.max(3).filter(IdTaken.class::isInstance))
        .flatMap(grant -> {
          Session session = grant.session();
          List<AuditEntry> entries = new ArrayList<>();
          entries.add(event(session.id(), caller.userId(), session.createdAt(), "session.created",
              data("name", session.name(), "settings", session.settings() == null ? Map.of() : session.settings())));
          entries.add(joined(session.id(), grant.participant(), "create", null, session.createdAt()));
          if (persona != null) entries.add(new AuditEntry.InitialDocument(session.id(), caller.userId(), session.createdAt(), persona));
          log.info("Session {} \"{}\" created by {}", session.id(), session.name(), caller.userId());
          return recorded(entries, "The session was created").thenReturn(grant);
        });
  }

  private Mono<Grant> created(CreateOutcome outcome, Session session, Participant facilitator, Caller caller) {
    return switch (outcome) {
      case CREATED -> Mono.just(new Grant(session, facilitator, tokens.sessionToken(caller, session.id(), Role.FACILITATOR)));
      case ID_TAKEN -> Mono.error(new IdTaken());
      case LIMIT_REACHED -> Mono.error(new ApiException(ErrorCode.SESSION_LIMIT_REACHED,
          "This server already has " + limits.maxSessions()
              + " active sessions (collaboration.server.max_sessions); close one first."));
    };
  }

  /** The session and its active participants, for any active participant of it. */
  public Mono<Details> details(Caller caller, String sessionId) {
    return access(caller, sessionId, Role.VIEWER, "see this session", false)
        .flatMap(access -> store.participants(sessionId)
            .filter(Participant::isActive)
            .sort(Comparator.comparing(Participant::joinedAt).thenComparing(Participant::userId))
            .collectList()
            .map(list -> new Details(access.session(), list)));
  }

  /**
   * Active sessions, newest first; with {@code participantId}, only those in which that user is
   * an active participant.
   */
  public Mono<SessionStore.Page> list(int offset, int limit, @Nullable String participantId) {
    if (participantId != null) return store.listActiveFor(participantId, offset, limit);
    return store.listActive(offset, limit).collectList().zipWith(store.countActive(), SessionStore.Page::new);
  }

  // ---------------------------------------------------------------- join, leave

  /**
   * Joins a session with an invite (any user, with the invite's role) or without one (someone
   * who is, or was and left, a participant: with the role they had). An active participant gets
   * a fresh session token with their current role.
   */
  public Mono<Grant> join(Caller caller, String sessionId, @Nullable String inviteToken) {
    return requireUserToken(caller, "join a session")
        .then(Mono.defer(() -> findSession(sessionId)))
        .flatMap(session -> {
          if (!session.isActive()) return Mono.error(closed(session));
          if (inviteToken == null) return joinAs(caller, session, JoinMode.REJOIN, Role.VIEWER, null);
          InviteCheck check = tokens.checkInvite(inviteToken, sessionId);
          return switch (check.verdict()) {
            case INVALID -> Mono.error(new ApiException(ErrorCode.INVITE_INVALID,
                "This invite is not valid: it is malformed or was not issued by this server."));
            case WRONG_SESSION -> Mono.error(new ApiException(ErrorCode.INVITE_INVALID,
                "This invite is for another session, not " + sessionId + "."));
            case EXPIRED -> Mono.error(new ApiException(ErrorCode.INVITE_EXPIRED,
                "This invite expired at " + check.expiresAt() + "; ask the facilitator for a new one."));
            case VALID -> invites.isRevoked(check.jti()).flatMap(revoked -> revoked
                ? Mono.error(new ApiException(ErrorCode.INVITE_REVOKED,
                    "The facilitator withdrew this invite; ask them for a new one."))
                : joinAs(caller, session, JoinMode.INVITE, check.role(), check.jti()));
          };
        });
  }

  private Mono<Grant> joinAs(Caller caller, Session session, JoinMode mode, Role role, @Nullable String jti) {
    Instant now = clock.instant();
    return store.join(session.id(), Participant.active(caller, role, now), mode, limits.maxParticipants(), now)
        .flatMap(result -> joined(caller, session, result, jti, now));
  }

  private Mono<Grant> joined(Caller caller, Session session, JoinResult result, @Nullable String jti, Instant now) {
    Participant p = result.participant();
    return switch (result.outcome()) {
      case JOINED, REJOINED -> {
        String via = result.outcome() == SessionStore.JoinOutcome.JOINED ? "invite" : "rejoin";
        log.info("{} joined session {} as {} ({})", p.userId(), session.id(), p.role().wire(), via);
        yield recorded(List.of(joined(session.id(), p, via, jti, now)), "You joined the session")
            .thenReturn(new Grant(session, p, tokens.sessionToken(caller, session.id(), p.role())));
      }
      case ALREADY_ACTIVE -> Mono.just(new Grant(session, p, tokens.sessionToken(caller, session.id(), p.role())));
      case FULL -> Mono.error(new ApiException(ErrorCode.SESSION_FULL,
          "Session " + session.id() + " already has " + limits.maxParticipants()
              + " participants (collaboration.server.max_participants_per_session); someone must leave first."));
      case CLOSED -> Mono.error(closed(session));
      case NOT_A_PARTICIPANT -> Mono.error(new ApiException(ErrorCode.NOT_A_PARTICIPANT,
          "You are not a participant of session " + session.id() + "; join it with an invite from the facilitator."));
      case REMOVED -> Mono.error(new ApiException(ErrorCode.NOT_A_PARTICIPANT,
          "The facilitator removed you from session " + session.id() + "; you need a new invite to join again."));
    };
  }

  /** The caller leaves the session. They may come back without an invite. */
  public Mono<Void> leave(Caller caller, String sessionId) {
    return access(caller, sessionId, Role.VIEWER, "leave this session", true)
        .flatMap(access -> store.leave(sessionId, caller.userId(), clock.instant()))
        .flatMap(result -> changed(result, sessionId, caller.userId()))
        .flatMap(before -> {
          log.info("{} left session {}", before.userId(), sessionId);
          Instant now = clock.instant();
          return recorded(List.of(event(sessionId, caller.userId(), now, "participant.left",
                  data("user_id", before.userId(), "name", before.name(), "role", before.role().wire()))), "You left the session")
              // Their open sockets go too: leaving ends every right in the session at once.
              .then(tell(sessionId, new UserLeft(before.userId(), before.name(), "left", now.toEpochMilli())));
        });
  }

  // ---------------------------------------------------------------- facilitator actions

  /** Gives a participant another role; the facilitator may not change their own. */
  public Mono<Participant> changeRole(Caller caller, String sessionId, String userId, Role role) {
    return access(caller, sessionId, Role.FACILITATOR, "change roles", true)
        .flatMap(access -> userId.equals(caller.userId())
            ? Mono.error(new ApiException(ErrorCode.FORBIDDEN, "You cannot change your own role; another facilitator can."))
            : store.changeRole(sessionId, userId, role, clock.instant()))
        .flatMap(result -> {
          if (result.outcome() == SessionStore.ChangeOutcome.UNCHANGED) return Mono.just(result.before());
          return changed(result, sessionId, userId).flatMap(before -> {
            Instant now = clock.instant();
            Participant after = new Participant(before.userId(), before.name(), role, before.joinedAt(), before.status());
            log.info("{} changed the role of {} in session {} from {} to {}", caller.userId(), userId, sessionId,
                before.role().wire(), role.wire());
            return recorded(List.of(event(sessionId, caller.userId(), now, "role.changed",
                    data("user_id", userId, "from", before.role().wire(), "to", role.wire()))), "The role was changed")
                .then(tell(sessionId, new RoleChanged(userId, role.wire(), now.toEpochMilli())))
                .thenReturn(after);
          });
        });
  }

  /** Removes a participant: they can come back only with a new invite. Not oneself (leave instead). */
  public Mono<Void> remove(Caller caller, String sessionId, String userId) {
    return access(caller, sessionId, Role.FACILITATOR, "remove participants", true)
        .flatMap(access -> userId.equals(caller.userId())
            ? Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                "You cannot remove yourself; leave the session instead (POST /api/sessions/" + sessionId + "/leave)."))
            : store.remove(sessionId, userId, clock.instant()))
        .flatMap(result -> changed(result, sessionId, userId))
        .flatMap(before -> {
          Instant now = clock.instant();
          log.info("{} removed {} from session {}", caller.userId(), userId, sessionId);
          return recorded(List.of(event(sessionId, caller.userId(), now, "participant.removed",
                  data("user_id", userId, "name", before.name(), "role", before.role().wire()))), "The participant was removed")
              .then(tell(sessionId, new UserLeft(userId, before.name(), "removed", now.toEpochMilli())));
        });
  }

  /**
   * Issues an invite with {@code role} (editor or viewer) that expires after {@code expiresIn}
   * (at most {@link Limits#inviteMaxTtl()}).
   */
  public Mono<NewInvite> invite(Caller caller, String sessionId, Role role, Duration expiresIn) {
    if (role == Role.FACILITATOR) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED,
          "role: must be editor or viewer (make a participant facilitator by changing their role)"));
    }
    if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(limits.inviteMaxTtl()) > 0) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED,
          "expires_in: must be more than 0 and at most " + limits.inviteMaxTtl() + " (persona.auth.invite-max-ttl), was " + expiresIn));
    }
    return access(caller, sessionId, Role.FACILITATOR, "invite people", true)
        .flatMap(access -> {
          Instant now = clock.instant();
          TokenIssuer.IssuedInvite issued = tokens.invite(sessionId, role, now.plus(expiresIn));
          Invite invite = new Invite(issued.jti(), sessionId, role, caller.userId(), now, issued.expiresAt(), false);
          return invites.save(invite)
              .then(recorded(List.of(event(sessionId, caller.userId(), now, "invite.created",
                  data("jti", invite.jti(), "role", role.wire(), "expires_at", invite.expiresAt().toString()))), "The invite was created"))
              .thenReturn(new NewInvite(invite, issued.token()));
        });
  }

  /** The session's invites that have not expired, revoked ones included. */
  public Flux<Invite> invites(Caller caller, String sessionId) {
    return access(caller, sessionId, Role.FACILITATOR, "see invites", false)
        .flatMapMany(access -> invites.list(sessionId, clock.instant()));
  }

  /** Revokes an invite: joining with it is refused {@code invite_revoked} until it expires. Idempotent. */
  public Mono<Void> revokeInvite(Caller caller, String sessionId, String jti) {
    return access(caller, sessionId, Role.FACILITATOR, "revoke invites", true)
        .then(Mono.defer(() -> invites.find(sessionId, jti)))
        .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NOT_FOUND,
            "Session " + sessionId + " has no invite " + jti + " (or it has expired).")))
        .flatMap(invite -> invites.revoke(invite, clock.instant()))
        .flatMap(revoked -> revoked
            ? recorded(List.of(event(sessionId, caller.userId(), clock.instant(), "invite.revoked", data("jti", jti))),
                "The invite was revoked")
            : Mono.empty());
  }

  /** Closes the session: nobody can join or use it any more, and every socket is told why. */
  public Mono<Session> close(Caller caller, String sessionId) {
    return access(caller, sessionId, Role.FACILITATOR, "close the session", true)
        .flatMap(access -> closeSession(access.session(), "closed", caller.userId(), null))
        .flatMap(closed -> closed.isPresent()
            ? Mono.just(closed.get())
            : findSession(sessionId).flatMap(s -> Mono.error(closed(s))));
  }

  /**
   * Closes a session for inactivity if its last activity is still at or before {@code cutoff}.
   *
   * @return true if this call closed it
   */
  public Mono<Boolean> closeIdle(String sessionId, Instant cutoff) {
    return store.find(sessionId)
        .filter(Session::isActive)
        .flatMap(session -> closeSession(session, "timeout", AGENT, cutoff))
        .map(Optional::isPresent)
        .defaultIfEmpty(false);
  }

  private Mono<Optional<Session>> closeSession(Session session, String reason, String actor, @Nullable Instant cutoff) {
    Instant now = clock.instant();
    Session closed = session.closed(reason, now);
    return store.close(closed, cutoff).flatMap(outcome -> {
      if (outcome != CloseOutcome.CLOSED) return Mono.just(Optional.<Session>empty());
      String message = reason.equals("timeout")
          ? "The session was closed after " + minutes(limits.idleTimeout()) + " without activity."
          : "The facilitator closed the session.";
      log.info("Session {} closed ({})", session.id(), reason);
      return recorded(List.of(event(session.id(), actor, now, "session.closed", data("reason", reason))), "The session was closed")
          .then(tell(session.id(), new SessionClosed(reason, message, now.toEpochMilli())))
          .thenReturn(Optional.of(closed));
    });
  }

  /** "1 minute", "60 minutes"; under a minute or not whole minutes (persona.sessions.idle-timeout): "90 seconds". */
  static String minutes(Duration d) {
    if (d.toSecondsPart() != 0 || d.toMinutes() == 0) {
      long s = d.toSeconds();
      return s == 1 ? "1 second" : s + " seconds";
    }
    long m = d.toMinutes();
    return m == 1 ? "1 minute" : m + " minutes";
  }

  // ---------------------------------------------------------------- access checks

  /** The session and the caller's participant record, once the caller may do what they ask. */
  private record Access(Session session, Participant participant) {}

  private Mono<Access> access(Caller caller, String sessionId, Role required, String action, boolean mustBeActive) {
    if (caller.kind() != TokenKind.SESSION) {
      // A signed-in user learns whether the session exists (404) before being told to join.
      return findSession(sessionId).then(Mono.error(new ApiException(ErrorCode.FORBIDDEN,
          "To " + action + " you need a session token for session " + sessionId
              + ": join it first (POST /api/sessions/" + sessionId + "/join).")));
    }
    if (!sessionId.equals(caller.sessionId())) {
      return Mono.error(new ApiException(ErrorCode.FORBIDDEN,
          "Your session token is for session " + caller.sessionId() + ", not " + sessionId + "."));
    }
    return findSession(sessionId).flatMap(session -> store.participant(sessionId, caller.userId())
        .filter(Participant::isActive)
        .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NOT_A_PARTICIPANT,
            "You are not (or no longer) a participant of session " + sessionId + ".")))
        .flatMap(p -> {
          if (!p.role().covers(required)) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                "Only a " + required.wire() + " can " + action + "; your role is " + p.role().wire() + "."));
          }
          if (mustBeActive && !session.isActive()) return Mono.error(closed(session));
          return Mono.just(new Access(session, p));
        }));
  }

  private static Mono<Void> requireUserToken(Caller caller, String action) {
    return caller.kind() == TokenKind.USER
        ? Mono.empty()
        : Mono.error(new ApiException(ErrorCode.FORBIDDEN,
            "To " + action + " sign in with a user token (POST /api/auth/token), not a session token."));
  }

  private Mono<Session> findSession(String sessionId) {
    Mono<Session> found = SessionIds.isValid(sessionId) ? store.find(sessionId) : Mono.empty();
    return found.switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND,
        "There is no session with id " + sessionId + ".")));
  }

  private static ApiException closed(Session session) {
    return new ApiException(ErrorCode.SESSION_CLOSED,
        "Session " + session.id() + " was closed"
            + (session.closedAt() == null ? "" : " at " + session.closedAt())
            + ("timeout".equals(session.closeReason()) ? " after a period without activity." : "."));
  }

  /** The participant as it was before a change, or the error that says why there was none. */
  private Mono<Participant> changed(ChangeResult result, String sessionId, String userId) {
    return switch (result.outcome()) {
      case CHANGED, UNCHANGED -> Mono.just(result.before());
      case NOT_A_PARTICIPANT -> Mono.error(new ApiException(ErrorCode.NOT_FOUND,
          userId + " is not an active participant of session " + sessionId + "."));
      case LAST_FACILITATOR -> Mono.error(new ApiException(ErrorCode.FORBIDDEN,
          "That would leave session " + sessionId + " without a facilitator."));
      case CLOSED -> findSession(sessionId).flatMap(s -> Mono.error(closed(s)));
    };
  }

  // ---------------------------------------------------------------- events

  private Mono<Void> recorded(List<AuditEntry> entries, String what) {
    return audit.append(entries).onErrorMap(e -> !(e instanceof ApiException), e -> {
      log.error("Audit records {} were not acknowledged by Kafka", entries, e);
      return new ApiException(ErrorCode.UNAVAILABLE,
          what + ", but its audit record could not be written (Kafka is not reachable); check the session before trying again.");
    });
  }

  private Mono<Void> tell(String sessionId, ServerFrame frame) {
    return live.publish(sessionId, frame).onErrorResume(e -> {
      log.warn("Could not tell the gateways of session {} about {}: {}", sessionId, frame, e.toString());
      return Mono.empty();
    });
  }

  private static AuditEntry.Event joined(String sessionId, Participant p, String via, @Nullable String jti, Instant at) {
    Map<String, Object> data = data("user_id", p.userId(), "name", p.name(), "role", p.role().wire(), "via", via);
    if (jti != null) {
      data = new LinkedHashMap<>(data);
      data.put("invite", jti);
    }
    return event(sessionId, p.userId(), at, "participant.joined", data);
  }

  private static AuditEntry.Event event(String sessionId, String actor, Instant at, String type, Map<String, Object> data) {
    return new AuditEntry.Event(sessionId, actor, at, type, data);
  }

  private static Map<String, Object> data(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
    return map;
  }

  /** A random id collided with an existing one; retried with a new id. */
  private static final class IdTaken extends RuntimeException {
    IdTaken() {
      super(null, null, false, false);
    }
  }
}
