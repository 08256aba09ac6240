package org.personacollab.session.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.session.auth.JwtTokens;
import org.personacollab.session.auth.SigningKey;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The session rules on in-memory stores: who may do what, with which code, and what is told to whom. */
class SessionServiceTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T09:00:00Z"));
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final InMemoryInviteStore invites = new InMemoryInviteStore(clock);
  private final JwtTokens tokens = new JwtTokens(SigningKey.generate(), "persona-collab", Duration.ofHours(12), Duration.ofHours(12), clock);
  private final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
  private final List<ServerFrame> told = new CopyOnWriteArrayList<>();
  private AuditLog audit = entries -> Mono.fromRunnable(() -> audited.addAll(entries));
  private final SessionService service = new SessionService(
      store, invites, tokens, entries -> audit.append(entries), (id, frame) -> Mono.fromRunnable(() -> told.add(frame)),
      new SessionService.Limits(5, 3, Duration.ofMinutes(60), Duration.ofDays(30)), clock);

  private Caller user(String name) {
    return Caller.user("dev:" + name, name, clock.instant().plus(Duration.ofHours(12)));
  }

  private static Caller asSession(SessionService.Grant grant) {
    Participant p = grant.participant();
    return Caller.session(p.userId(), p.name(), grant.session().id(), p.role(), grant.token().expiresAt());
  }

  private SessionService.Grant create(String facilitator) {
    return service.create(user(facilitator), "Workshop", null, null).block();
  }

  private SessionService.Grant joinWithInvite(SessionService.Grant host, String name, Role role) {
    var invite = service.invite(asSession(host), host.session().id(), role, Duration.ofHours(1)).block();
    return service.join(user(name), host.session().id(), invite.token()).block();
  }

  private static ErrorCode codeOf(Mono<?> call) {
    try {
      call.block();
    } catch (ApiException e) {
      return e.code();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void create_facilitatorGrant_andAuditInOrder() {
    var persona = JsonMapper.builder().build().readTree("{\"name\":\"Sarah\"}");

    var grant = service.create(user("alice"), "Workshop", persona, null).block();

    assertThat(grant.participant().role()).isEqualTo(Role.FACILITATOR);
    assertThat(grant.session().createdBy()).isEqualTo("dev:alice");
    assertThat(audited).extracting(e -> e instanceof AuditEntry.Event ev ? ev.type() : "document")
        .containsExactly("session.created", "participant.joined", "document");
    assertThat(((AuditEntry.Event) audited.get(1)).data()).containsEntry("via", "create").containsEntry("role", "facilitator");
  }

  @Test
  void create_atLimit_sessionLimitReached() {
    for (int i = 0; i < 5; i++) create("f" + i);

    assertThat(codeOf(service.create(user("late"), "x", null, null))).isEqualTo(ErrorCode.SESSION_LIMIT_REACHED);
  }

  /** Given a session with a facilitator, an editor and a viewer: who may do what. */
  @ParameterizedTest(name = "{0} by {1}: {2}")
  @CsvSource({
    // action,        by,          outcome
    "details,         facilitator, ok",
    "details,         editor,      ok",
    "details,         viewer,      ok",
    "invite,          facilitator, ok",
    "invite,          editor,      forbidden",
    "invite,          viewer,      forbidden",
    "changeRole,      facilitator, ok",
    "changeRole,      editor,      forbidden",
    "changeRole,      viewer,      forbidden",
    "remove,          facilitator, ok",
    "remove,          editor,      forbidden",
    "remove,          viewer,      forbidden",
    "listInvites,     facilitator, ok",
    "listInvites,     editor,      forbidden",
    "close,           facilitator, ok",
    "close,           editor,      forbidden",
    "close,           viewer,      forbidden",
    "leave,           viewer,      ok",
    "details,         outsider,    not_a_participant",
    "details,         userToken,   forbidden",
    "details,         otherSession, forbidden",
  })
  void accessMatrix(String action, String by, String outcome) {
    var host = create("host");
    var editor = joinWithInvite(host, "ed", Role.EDITOR);
    var viewer = joinWithInvite(host, "vi", Role.VIEWER);
    var other = create("elsewhere");
    String id = host.session().id();
    Caller caller = switch (by) {
      case "facilitator" -> asSession(host);
      case "editor" -> asSession(editor);
      case "viewer" -> asSession(viewer);
      case "outsider" -> Caller.session("dev:outsider", "outsider", id, Role.FACILITATOR, clock.instant().plusSeconds(60));
      case "userToken" -> user("host");
      default -> asSession(other);
    };
    Function<Caller, Mono<?>> call = switch (action) {
      case "details" -> c -> service.details(c, id);
      case "invite" -> c -> service.invite(c, id, Role.VIEWER, Duration.ofHours(1));
      case "changeRole" -> c -> service.changeRole(c, id, "dev:ed", Role.VIEWER);
      case "remove" -> c -> service.remove(c, id, "dev:ed");
      case "listInvites" -> c -> service.invites(c, id).collectList();
      case "close" -> c -> service.close(c, id);
      default -> c -> service.leave(c, id);
    };

    if (outcome.equals("ok")) {
      call.apply(caller).block();
    } else {
      assertThat(codeOf(call.apply(caller)).code()).isEqualTo(outcome);
    }
  }

  @Test
  void roleChange_takesEffectFromTheSession_notTheToken() {
    var host = create("host");
    var ed = joinWithInvite(host, "ed", Role.EDITOR);

    service.changeRole(asSession(host), host.session().id(), "dev:ed", Role.FACILITATOR).block();

    // ed's token still says editor, yet ed may now invite
    service.invite(asSession(ed), host.session().id(), Role.VIEWER, Duration.ofHours(1)).block();
    assertThat(told).containsExactly(new RoleChanged("dev:ed", "facilitator", clock.millis()));
  }

  @Test
  void remove_toldAsUserLeftRemoved_andAudited() {
    var host = create("host");
    joinWithInvite(host, "ed", Role.EDITOR);

    service.remove(asSession(host), host.session().id(), "dev:ed").block();

    assertThat(told).containsExactly(new UserLeft("dev:ed", "ed", "removed", clock.millis()));
    assertThat(audited).filteredOn(e -> e instanceof AuditEntry.Event ev && ev.type().equals("participant.removed"))
        .singleElement().satisfies(e -> assertThat(((AuditEntry.Event) e).data()).containsEntry("user_id", "dev:ed"));
  }

  @Test
  void closeIdle_onlyWhenStillIdle_andToldTimeout() {
    var host = create("host");
    String id = host.session().id();
    clock.advance(Duration.ofMinutes(61));
    store.markActivity(id, clock.instant()).block();

    assertThat(service.closeIdle(id, clock.instant().minusSeconds(1)).block()).isFalse();
    assertThat(service.closeIdle(id, clock.instant()).block()).isTrue();
    assertThat(told).containsExactly(new SessionClosed("timeout", "The session was closed after 60 minutes without activity.", clock.millis()));
    assertThat(service.closeIdle(id, clock.instant()).block()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"PT60M, 60 minutes", "PT1M, 1 minute", "PT20S, 20 seconds", "PT1S, 1 second", "PT90S, 90 seconds"})
  void timeoutMessage_namesTheTimeoutInItsUnit(Duration timeout, String said) {
    assertThat(SessionService.minutes(timeout)).isEqualTo(said);
  }

  @Test
  void inviteValidation_facilitatorRoleAndExpiryBounds() {
    var host = create("host");
    Caller c = asSession(host);
    String id = host.session().id();

    assertThat(codeOf(service.invite(c, id, Role.FACILITATOR, Duration.ofHours(1)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(codeOf(service.invite(c, id, Role.EDITOR, Duration.ZERO))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(codeOf(service.invite(c, id, Role.EDITOR, Duration.ofDays(30).plusSeconds(1)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    service.invite(c, id, Role.EDITOR, Duration.ofDays(30)).block();
  }

  @Test
  void auditFailure_isUnavailable_sayingTheChangeStands() {
    var host = create("host");
    audit = entries -> Mono.error(new IllegalStateException("broker down"));

    assertThatThrownBy(() -> service.close(asSession(host), host.session().id()).block())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("was closed").contains("audit");
        });
    assertThat(store.find(host.session().id()).block().isActive()).isFalse();
  }

  @Test
  void liveEventFailure_doesNotFailTheRequest() {
    var failing = new SessionService(store, invites, tokens, entries -> Mono.empty(),
        (id, frame) -> Mono.error(new IllegalStateException("redis pub/sub down")),
        new SessionService.Limits(5, 3, Duration.ofMinutes(60), Duration.ofDays(30)), clock);
    var host = failing.create(user("host"), "x", null, null).block();

    assertThat(failing.close(asSession(host), host.session().id()).block().isActive()).isFalse();
  }

  @Test
  void list_participantFilter_usesTheUsersSessions() {
    var a = create("alice");
    create("bob");
    joinWithInvite(a, "carol", Role.VIEWER);

    var page = service.list(0, 10, "dev:carol").block();

    assertThat(page.sessions()).extracting(Session::id).containsExactly(a.session().id());
    assertThat(page.total()).isEqualTo(1);
    assertThat(service.list(0, 10, null).block().total()).isEqualTo(2);
  }

  @Test
  void joinedTwice_noSecondAuditEvent() {
    var host = create("host");
    var invite = service.invite(asSession(host), host.session().id(), Role.EDITOR, Duration.ofHours(1)).block();
    service.join(user("ed"), host.session().id(), invite.token()).block();
    int before = audited.size();

    var again = service.join(user("ed"), host.session().id(), null).block();

    assertThat(again.participant().role()).isEqualTo(Role.EDITOR);
    assertThat(audited).hasSize(before);
  }

  @Test
  void unknownOrMalformedSessionIds_sessionNotFound() {
    for (String id : List.of("nope42", "../etc", "")) {
      assertThat(codeOf(service.join(user("x"), id, null))).as(id).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
    }
  }
}
