package org.personacollab.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.personacollab.session.domain.SessionStore.ChangeOutcome;
import org.personacollab.session.domain.SessionStore.CloseOutcome;
import org.personacollab.session.domain.SessionStore.CreateOutcome;
import org.personacollab.session.domain.SessionStore.JoinMode;
import org.personacollab.session.domain.SessionStore.JoinOutcome;
import tools.jackson.databind.json.JsonMapper;

/** The behaviour every {@link SessionStore} adapter must have. Subclasses supply the adapter. */
public abstract class SessionStoreContract {
  private SessionStore store;

  protected abstract SessionStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  protected static Session session(String id, long epochSecond) {
    return new Session(id, "Workshop " + id, Instant.ofEpochSecond(epochSecond), "dev:alice", SessionStatus.ACTIVE);
  }

  protected static Participant participant(String userId, Role role, long epochSecond) {
    return new Participant(userId, userId.substring(userId.indexOf(':') + 1), role, Instant.ofEpochSecond(epochSecond), ParticipantStatus.ACTIVE);
  }

  protected static Participant alice() {
    return participant("dev:alice", Role.FACILITATOR, 1);
  }

  private CreateOutcome create(Session s, int max) {
    return store.create(s, alice(), max).block();
  }

  private JoinOutcome join(String sessionId, String userId, Role role, JoinMode mode, int max, long at) {
    return store.join(sessionId, participant(userId, role, at), mode, max, Instant.ofEpochSecond(at)).block().outcome();
  }

  // ------------------------------------------------------------------ sessions

  @Test
  void create_thenFind_returnsEqualSession() {
    Session s = session("abc123", 1_705_312_800L);

    assertThat(create(s, 10)).isEqualTo(CreateOutcome.CREATED);
    assertThat(store.find("abc123").block()).isEqualTo(s);
  }

  @Test
  void create_withSettings_keptAsGiven() {
    var settings = JsonMapper.builder().build().readTree("{\"template\":\"b2b\",\"rounds\":[1,2]}");
    Session s = new Session("set123", "With settings", Instant.ofEpochSecond(5), "dev:alice", SessionStatus.ACTIVE, settings, null, null);

    create(s, 10);

    assertThat(store.find("set123").block().settings()).isEqualTo(settings);
  }

  @Test
  void create_facilitatorIsActiveParticipant() {
    create(session("fac123", 1), 10);

    assertThat(store.participant("fac123", "dev:alice").block()).isEqualTo(alice());
    assertThat(store.participants("fac123").collectList().block()).containsExactly(alice());
  }

  @Test
  void find_unknown_isEmpty() {
    assertThat(store.find("nope42").blockOptional()).isEmpty();
  }

  @Test
  void create_sameIdTwice_secondIsIdTakenAndFirstKept() {
    Session first = session("dup123", 100);
    Session second = new Session("dup123", "Other", Instant.ofEpochSecond(200), null, SessionStatus.ACTIVE);

    assertThat(create(first, 10)).isEqualTo(CreateOutcome.CREATED);
    assertThat(create(second, 10)).isEqualTo(CreateOutcome.ID_TAKEN);
    assertThat(store.find("dup123").block()).isEqualTo(first);
    assertThat(store.countActive().block()).isEqualTo(1L);
  }

  @Test
  void create_atLimit_refusedAndNothingStored() {
    assertThat(create(session("one111", 1), 2)).isEqualTo(CreateOutcome.CREATED);
    assertThat(create(session("two222", 2), 2)).isEqualTo(CreateOutcome.CREATED);

    assertThat(create(session("three3", 3), 2)).isEqualTo(CreateOutcome.LIMIT_REACHED);
    assertThat(store.find("three3").blockOptional()).isEmpty();
    assertThat(store.countActive().block()).isEqualTo(2L);
  }

  @Test
  void create_afterClose_limitCountsActiveOnly() {
    Session one = session("one111", 1);
    create(one, 1);
    assertThat(store.close(one.closed("closed", Instant.ofEpochSecond(2)), null).block()).isEqualTo(CloseOutcome.CLOSED);

    assertThat(create(session("two222", 3), 1)).isEqualTo(CreateOutcome.CREATED);
  }

  @Test
  void listActive_newestFirst_withPaging() {
    create(session("aaa111", 10), 10);
    create(session("bbb222", 30), 10);
    create(session("ccc333", 20), 10);

    assertThat(store.listActive(0, 10).map(Session::id).collectList().block())
        .containsExactly("bbb222", "ccc333", "aaa111");
    assertThat(store.listActive(1, 1).map(Session::id).collectList().block()).containsExactly("ccc333");
    assertThat(store.listActive(3, 5).collectList().block()).isEmpty();
    assertThat(store.countActive().block()).isEqualTo(3L);
  }

  @Test
  void listActiveFor_onlySessionsWhereUserIsActive_newestFirst_paged() {
    create(session("aaa111", 10), 10);
    create(session("bbb222", 30), 10);
    create(session("ccc333", 20), 10);
    join("aaa111", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 40);
    join("bbb222", "dev:bob", Role.VIEWER, JoinMode.INVITE, 10, 41);
    join("ccc333", "dev:bob", Role.VIEWER, JoinMode.INVITE, 10, 42);
    store.leave("ccc333", "dev:bob", Instant.ofEpochSecond(43)).block();

    SessionStore.Page all = store.listActiveFor("dev:bob", 0, 10).block();
    assertThat(all.sessions()).extracting(Session::id).containsExactly("bbb222", "aaa111");
    assertThat(all.total()).isEqualTo(2);
    SessionStore.Page second = store.listActiveFor("dev:bob", 1, 1).block();
    assertThat(second.sessions()).extracting(Session::id).containsExactly("aaa111");
    assertThat(second.total()).isEqualTo(2);
    assertThat(store.listActiveFor("dev:nobody", 0, 10).block().total()).isZero();
  }

  @Test
  void listActiveFor_closedSessionsDropOut() {
    Session a = session("aaa111", 10);
    create(a, 10);
    create(session("bbb222", 20), 10);

    store.close(a.closed("closed", Instant.ofEpochSecond(50)), null).block();

    assertThat(store.listActiveFor("dev:alice", 0, 10).block().sessions()).extracting(Session::id).containsExactly("bbb222");
  }

  // ------------------------------------------------------------------ join

  @Test
  void join_withInvite_addsActiveParticipantWithInviteRole() {
    create(session("join11", 1), 10);

    var result = store.join("join11", participant("dev:bob", Role.EDITOR, 5), JoinMode.INVITE, 10, Instant.ofEpochSecond(5)).block();

    assertThat(result.outcome()).isEqualTo(JoinOutcome.JOINED);
    assertThat(result.participant()).isEqualTo(participant("dev:bob", Role.EDITOR, 5));
    assertThat(store.participant("join11", "dev:bob").block()).isEqualTo(participant("dev:bob", Role.EDITOR, 5));
  }

  @Test
  void join_alreadyActive_keepsRoleAndReportsIt() {
    create(session("join11", 1), 10);
    join("join11", "dev:bob", Role.VIEWER, JoinMode.INVITE, 10, 5);

    var again = store.join("join11", participant("dev:bob", Role.EDITOR, 6), JoinMode.INVITE, 10, Instant.ofEpochSecond(6)).block();

    assertThat(again.outcome()).isEqualTo(JoinOutcome.ALREADY_ACTIVE);
    assertThat(again.participant().role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void join_full_refusedAndNothingStored() {
    create(session("full11", 1), 10); // alice is 1 of 2
    assertThat(join("full11", "dev:bob", Role.EDITOR, JoinMode.INVITE, 2, 5)).isEqualTo(JoinOutcome.JOINED);

    assertThat(join("full11", "dev:carol", Role.EDITOR, JoinMode.INVITE, 2, 6)).isEqualTo(JoinOutcome.FULL);
    assertThat(store.participant("full11", "dev:carol").blockOptional()).isEmpty();
  }

  @Test
  void join_afterSomeoneLeft_hasRoomAgain() {
    create(session("full11", 1), 10);
    join("full11", "dev:bob", Role.EDITOR, JoinMode.INVITE, 2, 5);
    store.leave("full11", "dev:bob", Instant.ofEpochSecond(6)).block();

    assertThat(join("full11", "dev:carol", Role.EDITOR, JoinMode.INVITE, 2, 7)).isEqualTo(JoinOutcome.JOINED);
    // and bob, coming back, finds it full
    assertThat(join("full11", "dev:bob", Role.EDITOR, JoinMode.REJOIN, 2, 8)).isEqualTo(JoinOutcome.FULL);
  }

  @Test
  void rejoin_afterLeave_activeAgainWithOldRoleAndFirstJoinTime() {
    create(session("rej111", 1), 10);
    join("rej111", "dev:bob", Role.VIEWER, JoinMode.INVITE, 10, 5);
    store.leave("rej111", "dev:bob", Instant.ofEpochSecond(6)).block();
    assertThat(store.participant("rej111", "dev:bob").block().status()).isEqualTo(ParticipantStatus.LEFT);

    var back = store.join("rej111", participant("dev:bob", Role.EDITOR, 9), JoinMode.REJOIN, 10, Instant.ofEpochSecond(9)).block();

    assertThat(back.outcome()).isEqualTo(JoinOutcome.REJOINED);
    assertThat(back.participant()).isEqualTo(participant("dev:bob", Role.VIEWER, 5));
  }

  @Test
  void rejoin_neverJoined_notAParticipant() {
    create(session("rej111", 1), 10);

    assertThat(join("rej111", "dev:bob", Role.EDITOR, JoinMode.REJOIN, 10, 5)).isEqualTo(JoinOutcome.NOT_A_PARTICIPANT);
    assertThat(store.participant("rej111", "dev:bob").blockOptional()).isEmpty();
  }

  @Test
  void rejoin_afterRemoval_refused_butAnInviteLetsThemBack() {
    create(session("rem111", 1), 10);
    join("rem111", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 5);
    store.remove("rem111", "dev:bob", Instant.ofEpochSecond(6)).block();

    assertThat(join("rem111", "dev:bob", Role.EDITOR, JoinMode.REJOIN, 10, 7)).isEqualTo(JoinOutcome.REMOVED);
    assertThat(join("rem111", "dev:bob", Role.VIEWER, JoinMode.INVITE, 10, 8)).isEqualTo(JoinOutcome.JOINED);
    assertThat(store.participant("rem111", "dev:bob").block())
        .isEqualTo(new Participant("dev:bob", "bob", Role.VIEWER, Instant.ofEpochSecond(5), ParticipantStatus.ACTIVE));
  }

  @Test
  void join_closedOrUnknownSession_closed() {
    Session s = session("clo111", 1);
    create(s, 10);
    store.close(s.closed("closed", Instant.ofEpochSecond(2)), null).block();

    assertThat(join("clo111", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 5)).isEqualTo(JoinOutcome.CLOSED);
    assertThat(join("nope42", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 5)).isEqualTo(JoinOutcome.CLOSED);
  }

  // ------------------------------------------------------------------ leave, remove, roles

  @Test
  void leave_twice_secondIsNotAParticipant() {
    create(session("lea111", 1), 10);
    join("lea111", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 5);

    var first = store.leave("lea111", "dev:bob", Instant.ofEpochSecond(6)).block();
    assertThat(first.outcome()).isEqualTo(ChangeOutcome.CHANGED);
    assertThat(first.before()).isEqualTo(participant("dev:bob", Role.EDITOR, 5));
    assertThat(store.leave("lea111", "dev:bob", Instant.ofEpochSecond(7)).block().outcome()).isEqualTo(ChangeOutcome.NOT_A_PARTICIPANT);
  }

  @Test
  void changeRole_changesAndReportsBefore_sameRoleIsUnchanged() {
    create(session("rol111", 1), 10);
    join("rol111", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 5);

    var changed = store.changeRole("rol111", "dev:bob", Role.VIEWER, Instant.ofEpochSecond(6)).block();
    assertThat(changed.outcome()).isEqualTo(ChangeOutcome.CHANGED);
    assertThat(changed.before().role()).isEqualTo(Role.EDITOR);
    assertThat(store.participant("rol111", "dev:bob").block().role()).isEqualTo(Role.VIEWER);

    assertThat(store.changeRole("rol111", "dev:bob", Role.VIEWER, Instant.ofEpochSecond(7)).block().outcome())
        .isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(store.changeRole("rol111", "dev:nobody", Role.VIEWER, Instant.ofEpochSecond(7)).block().outcome())
        .isEqualTo(ChangeOutcome.NOT_A_PARTICIPANT);
  }

  @Test
  void lastFacilitator_cannotBeDemotedOrRemoved_butOneOfTwoCan() {
    create(session("las111", 1), 10);

    assertThat(store.changeRole("las111", "dev:alice", Role.EDITOR, Instant.ofEpochSecond(2)).block().outcome())
        .isEqualTo(ChangeOutcome.LAST_FACILITATOR);
    assertThat(store.remove("las111", "dev:alice", Instant.ofEpochSecond(2)).block().outcome())
        .isEqualTo(ChangeOutcome.LAST_FACILITATOR);

    join("las111", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 3);
    store.changeRole("las111", "dev:bob", Role.FACILITATOR, Instant.ofEpochSecond(4)).block();
    assertThat(store.changeRole("las111", "dev:alice", Role.EDITOR, Instant.ofEpochSecond(5)).block().outcome())
        .isEqualTo(ChangeOutcome.CHANGED);
  }

  @Test
  void changes_onClosedSession_closed() {
    Session s = session("clo222", 1);
    create(s, 10);
    join("clo222", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 5);
    store.close(s.closed("closed", Instant.ofEpochSecond(6)), null).block();

    assertThat(store.leave("clo222", "dev:bob", Instant.ofEpochSecond(7)).block().outcome()).isEqualTo(ChangeOutcome.CLOSED);
    assertThat(store.remove("clo222", "dev:bob", Instant.ofEpochSecond(7)).block().outcome()).isEqualTo(ChangeOutcome.CLOSED);
    assertThat(store.changeRole("clo222", "dev:bob", Role.VIEWER, Instant.ofEpochSecond(7)).block().outcome())
        .isEqualTo(ChangeOutcome.CLOSED);
  }

  // ------------------------------------------------------------------ close and idleness

  @Test
  void close_storesClosedSession_notListed_secondCloseAlreadyClosed() {
    Session s = session("clo333", 1);
    create(s, 10);
    Session closed = s.closed("closed", Instant.ofEpochSecond(9));

    assertThat(store.close(closed, null).block()).isEqualTo(CloseOutcome.CLOSED);
    assertThat(store.find("clo333").block()).isEqualTo(closed);
    assertThat(store.listActive(0, 10).collectList().block()).isEmpty();
    assertThat(store.countActive().block()).isZero();
    assertThat(store.close(closed, null).block()).isEqualTo(CloseOutcome.ALREADY_CLOSED);
  }

  @Test
  void idleSessions_lastActivityIsLatestOfCreationChangesAndMarks() {
    // idle01: only created at 100; idle02: a join at 300; idle03: a gateway's mark at 400, then an older one
    create(session("idle01", 100), 10);
    create(session("idle02", 100), 10);
    join("idle02", "dev:bob", Role.EDITOR, JoinMode.INVITE, 10, 300);
    create(session("idle03", 100), 10);
    store.markActivity("idle03", Instant.ofEpochSecond(400)).block();
    store.markActivity("idle03", Instant.ofEpochSecond(150)).block();

    assertThat(idle(99)).isEmpty();
    assertThat(idle(100)).containsExactly("idle01");
    assertThat(idle(299)).containsExactly("idle01");
    assertThat(idle(300)).containsExactlyInAnyOrder("idle01", "idle02");
    assertThat(idle(400)).containsExactlyInAnyOrder("idle01", "idle02", "idle03");
  }

  @Test
  void close_forIdleness_refusedWhenActiveAfterCutoff() {
    Session s = session("idle04", 100);
    create(s, 10);
    store.markActivity("idle04", Instant.ofEpochSecond(500)).block();

    assertThat(store.close(s.closed("timeout", Instant.ofEpochSecond(600)), Instant.ofEpochSecond(499)).block())
        .isEqualTo(CloseOutcome.ACTIVE_AGAIN);
    assertThat(store.find("idle04").block().isActive()).isTrue();
    assertThat(store.close(s.closed("timeout", Instant.ofEpochSecond(600)), Instant.ofEpochSecond(500)).block())
        .isEqualTo(CloseOutcome.CLOSED);
    assertThat(idle(10_000)).doesNotContain("idle04");
  }

  private List<String> idle(long cutoffSecond) {
    return store.idleSessions(Instant.ofEpochSecond(cutoffSecond), 100).collectList().block();
  }
}
