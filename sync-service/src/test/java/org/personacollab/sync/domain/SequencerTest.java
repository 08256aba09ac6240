package org.personacollab.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Edit;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.kafka.EditRecord;
import tools.jackson.databind.JsonNode;
import org.personacollab.ot.JsonCodec;
import org.personacollab.protocol.kafka.SnapshotRecord.ClientMark;
import org.personacollab.platform.config.CollaborationProperties.ConflictResolution;

class SequencerTest {
  private static final WireCodec CODEC = new WireCodec();
  private final Sequencer sequencer = new Sequencer(ConflictResolution.OT, 4096, 100, CODEC);
  private long seq;

  private static final String PERSONA =
      "{\"name\":\"Sarah\",\"demographics\":{\"age_range\":\"30-39\"},\"goals\":[\"a\",\"b\",\"c\"]}";

  private SessionDocument doc(String json) {
    return new SessionDocument("s1", 7, JsonCodec.parse(json), java.util.Map.of(), List.of(), null);
  }

  private static String canonical(Object value) {
    return JsonCodec.canonical(value);
  }

  private static String canonical(String json) {
    return JsonCodec.canonical(JsonCodec.parse(json));
  }

  private EditRecord edit(String path, String valueJson) {
    // Paths are parsed exactly as the gateway parses a client's edit frame.
    Edit frame = new Edit(CODEC.readTree(path.startsWith("[") ? path : "\"" + path + "\""), CODEC.readTree(valueJson));
    return EditRecord.edit("s1", "c1", ++seq, "alice", 0, frame.segments(), frame.value());
  }

  /** Given a persona, when {path} is set to {value}, the document becomes {after} and the op is {op}. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          demographics.age      | 34       | {"name":"Sarah","demographics":{"age_range":"30-39","age":34},"goals":["a","b","c"]} | [{"p":["demographics","age"],"oi":34}]
          name                  | "Ada"    | {"name":"Ada","demographics":{"age_range":"30-39"},"goals":["a","b","c"]}          | [{"p":["name"],"od":"Sarah","oi":"Ada"}]
          name                  | null     | {"demographics":{"age_range":"30-39"},"goals":["a","b","c"]}                       | [{"p":["name"],"od":"Sarah"}]
          title                 | null     | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c"]}        | []
          goals.1               | "B"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","B","c"]}        | [{"p":["goals",1],"ld":"b","li":"B"}]
          goals.3               | "d"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c","d"]}    | [{"p":["goals",3],"li":"d"}]
          goals.0               | null     | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["b","c"]}            | [{"p":["goals",0],"ld":"a"}]
          ["goals",2]           | "C"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","C"]}        | [{"p":["goals",2],"ld":"c","li":"C"}]
          missing.0             | "A"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c"],"missing":{"0":"A"}} | [{"p":["missing"],"oi":{"0":"A"}}]
          evidence.interviews.p1 | "yes"   | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c"],"evidence":{"interviews":{"p1":"yes"}}} | [{"p":["evidence"],"oi":{"interviews":{"p1":"yes"}}}]
          """)
  void sequence_applies(String path, String value, String after, String op) {
    SessionDocument before = doc(PERSONA);
    EditOutcome outcome = sequencer.sequence(before, edit(path, value), 42);

    assertThat(outcome).isInstanceOf(EditOutcome.Applied.class);
    EditOutcome.Applied applied = (EditOutcome.Applied) outcome;
    assertThat(canonical(applied.state().snapshot())).isEqualTo(canonical(after));
    assertThat(applied.record().op()).isEqualTo(CODEC.readTree(op));
    assertThat(applied.record().v()).isEqualTo(7);
    assertThat(applied.state().version()).isEqualTo(8);
    assertThat(applied.record().userId()).isEqualTo("alice");
    assertThat(applied.record().ts()).isEqualTo(42);
    // The input state is a value: untouched.
    assertThat(canonical(before.snapshot())).isEqualTo(canonical(PERSONA));
  }

  @ParameterizedTest(name = "{0} = {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          name.first     | "A"  | invalid_op | "name" is a string
          goals.x        | "A"  | invalid_op | not a list index
          goals.9        | "A"  | invalid_op | out of range
          goals.7.x      | "A"  | invalid_op | out of range
          ["missing",0]  | "A"  | invalid_op | Cannot create list index
          ''             | 5    | invalid_op | replaced by a JSON object
          ''             | null | invalid_op | replaced by a JSON object
          quotes         | "%s" | document_too_large | larger than 4096
          """)
  void sequence_rejects_andChangesNothing(String path, String value, String code, String message) {
    SessionDocument before = doc(PERSONA);
    String v = value.contains("%s") ? value.formatted("x".repeat(5000)) : value;

    EditOutcome outcome = sequencer.sequence(before, edit(path, v), 42);

    assertThat(outcome).isInstanceOf(EditOutcome.Rejected.class);
    EditOutcome.Rejected rejected = (EditOutcome.Rejected) outcome;
    assertThat(rejected.record().code()).isEqualTo(code);
    assertThat(rejected.record().message()).contains(message);
    assertThat(rejected.record().seq()).isEqualTo(seq);
    // Nothing changed but the client's mark: the same change sent again is refused again.
    assertThat(rejected.state().version()).isEqualTo(before.version());
    assertThat(rejected.state().snapshot()).isSameAs(before.snapshot());
    assertThat(rejected.state().mark("c1")).isEqualTo(ClientMark.rejected(seq, 7, code));
    assertThat(canonical(before.snapshot())).isEqualTo(canonical(PERSONA));
  }

  @Test
  void sequence_rootReplace() {
    String persona = "{\"name\":\"Generated\",\"goals\":[\"x\"]}";
    EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(doc(PERSONA), edit("", persona), 1);

    assertThat(canonical(a.state().snapshot())).isEqualTo(canonical(persona));
    assertThat(a.record().op().get(0).get("p").isEmpty()).isTrue();
    assertThat(canonical(JsonCodec.parse(a.record().op().get(0).get("od").toString()))).isEqualTo(canonical(PERSONA));
  }

  @Test
  void sequence_duplicateSeqFromSameClient_droppedWithoutChange() {
    SessionDocument state = doc("{}");
    EditRecord first = edit("name", "\"A\"");
    EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(state, first, 1);

    EditOutcome again = sequencer.sequence(a.state(), first, 2);

    // Not applied again, but acknowledged again with the version it became.
    assertThat(again).isInstanceOfSatisfying(EditOutcome.Duplicate.class, d -> {
      assertThat(d.record()).isNotNull();
      assertThat(d.record().seq()).isEqualTo(first.seq());
      assertThat(d.record().v()).isEqualTo(7); // doc("{}") is at version 7
    });
    assertThat(again.state()).isSameAs(a.state());
    // Another client's seq 1 is not a duplicate.
    EditRecord other = EditRecord.edit("s1", "c2", first.seq(), "bob", 0, List.of("name"), CODEC.readTree("\"B\""));
    assertThat(sequencer.sequence(a.state(), other, 3)).isInstanceOf(EditOutcome.Applied.class);
  }

  @Test
  void sequence_seqOlderThanTheLastChange_refusedStaleSeq_stateAndMarkUnchanged() {
    SessionDocument state = doc("{}");
    EditOutcome.Applied first = (EditOutcome.Applied) sequencer.sequence(state, edit("name", "\"A\""), 1); // c1 seq 1
    EditRecord second = EditRecord.edit("s1", "c1", 2, "alice", 0, List.of("title"), CODEC.readTree("\"T\""));
    EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(first.state(), second, 2);
    // seq 1 again, with other content: a replay of a used number, not the resend of the latest.
    EditRecord replay = EditRecord.edit("s1", "c1", 1, "alice", 0, List.of("name"), CODEC.readTree("\"Mallory\""));

    EditOutcome outcome = sequencer.sequence(a.state(), replay, 3);

    assertThat(outcome).isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.STALE_SEQ);
      assertThat(r.record().code()).isEqualTo("stale_seq");
      assertThat(r.record().seq()).isEqualTo(1);
      assertThat(r.record().message()).contains("last change is 2");
    });
    assertThat(outcome.state()).isSameAs(a.state());
    assertThat(outcome.state().mark("c1")).isEqualTo(a.state().mark("c1"));
  }

  @Test
  void sequence_seqGap_refusedWithoutMovingTheMark_thenTheRightSeqApplies() {
    SessionDocument state = run(sequencer, SessionDocument.empty("s1"), edit("a", "1")); // c1 seq 1
    EditRecord skipping = EditRecord.edit("s1", "c1", 3, "alice", 0, List.of("b"), CODEC.readTree("2"));

    EditOutcome gap = sequencer.sequence(state, skipping, 0);

    assertThat(gap).isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> {
      assertThat(r.record().code()).isEqualTo("seq_gap");
      assertThat(r.record().message()).contains("is 2");
    });
    assertThat(gap.state()).isSameAs(state);
    assertThat(sequencer.sequence(state, EditRecord.edit("s1", "c1", 2, "alice", 0, List.of("b"), CODEC.readTree("2")), 0))
        .isInstanceOf(EditOutcome.Applied.class);
  }

  @Test
  void sequence_resentRefusedChange_refusedAgainNotApplied() {
    SessionDocument state = doc("{\"name\":\"Sarah\"}");
    EditRecord bad = edit("name.first", "\"S\"");
    EditOutcome first = sequencer.sequence(state, bad, 0);
    EditOutcome again = sequencer.sequence(first.state(), bad, 0);
    assertThat(again).isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> {
      assertThat(r.record().code()).isEqualTo("invalid_op");
      assertThat(r.record().message()).contains("already refused");
    });
  }

  @Test
  void replay_foldsTheLog_likeSequencing() {
    SessionDocument live = SessionDocument.empty("s1");
    SessionDocument replayed = SessionDocument.empty("s1");
    EditRecord[] changes = {edit("name", "\"Ada\""), edit("name.x", "1"), edit("goals", "[\"a\"]"), op("cb", 1, 2, "[{\"p\":[\"goals\",0],\"si\":\"b\"}]")};
    for (EditRecord change : changes) {
      EditOutcome outcome = sequencer.sequence(live, change, 0);
      live = outcome.state();
      var record = outcome instanceof EditOutcome.Applied a ? (org.personacollab.protocol.kafka.OpsRecord) a.record()
          : ((EditOutcome.Rejected) outcome).record();
      replayed = sequencer.replay(replayed, record);
    }
    assertThat(canonical(replayed.snapshot())).isEqualTo(canonical(live.snapshot()));
    assertThat(replayed.version()).isEqualTo(live.version());
    assertThat(replayed.marks()).isEqualTo(live.marks());
    // Replaying an op the state already has changes nothing; one from the future is a gap.
    EditOutcome.Applied next = (EditOutcome.Applied) sequencer.sequence(live, edit("z", "1"), 0);
    SessionDocument finalState = replayed;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sequencer.replay(SessionDocument.empty("s1"), next.record()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("gap");
    assertThat(sequencer.replay(sequencer.replay(finalState, next.record()), next.record()).version()).isEqualTo(live.version() + 1);
  }

  @Test
  void audit_everyAppliedOpAndEveryEvent_chainedInOrder_othersNot() {
    SessionDocument state = SessionDocument.empty("s1");
    List<tools.jackson.databind.JsonNode> events = new ArrayList<>();
    EditRecord[] changes = {
      edit("name", "\"Ada\""),
      EditRecord.event("s1", "agent:session-service", "alice", 5, CODEC.readTree("{\"type\":\"session.created\",\"data\":{\"name\":\"W\"}}")),
      edit("name.x", "1"), // refused: no audit event
      edit("goals", "[]"),
    };
    for (EditRecord change : changes) {
      EditOutcome outcome = sequencer.sequence(state, change, 1_705_312_800_000L);
      state = outcome.state();
      if (outcome instanceof EditOutcome.Applied a) events.add(CODEC.readTree(CODEC.write(a.audit())));
      if (outcome instanceof EditOutcome.Recorded r) events.add(CODEC.readTree(CODEC.write(r.audit())));
    }
    assertThat(events).extracting(e -> e.path("type").asString())
        .containsExactly("org.personacollab.op.sequenced", "org.personacollab.session.created", "org.personacollab.op.sequenced");
    assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L, 3L);
    assertThat(events.get(0).path("prevhash").asString()).isEqualTo(org.personacollab.protocol.kafka.AuditChain.GENESIS);
    assertThat(events.get(0).path("time").asString()).isEqualTo("2024-01-15T10:00:00Z");
    assertThat(events.get(1).path("data").path("name").asString()).isEqualTo("W");
    assertThat(org.personacollab.protocol.kafka.AuditChain.verify(events)).isNull();
    assertThat(state.audit().sequence()).isEqualTo(3);
    assertThat(state.audit().hash()).isEqualTo(events.get(2).path("hash").asString());

    // Tampering anywhere breaks the chain from there on.
    ((tools.jackson.databind.node.ObjectNode) events.get(1).path("data")).put("name", "Forged");
    assertThat(org.personacollab.protocol.kafka.AuditChain.verify(events)).isNotNull()
        .satisfies(b -> assertThat(b.sequence()).isEqualTo(2));
  }

  @Test
  void marks_forgetClientsOlderThanTheRetainedWindow() {
    Sequencer s = new Sequencer(ConflictResolution.OT, 4096, 5, CODEC);
    SessionDocument state = run(s, SessionDocument.empty("s1"), EditRecord.edit("s1", "old", 1, "u", 0, List.of("a"), CODEC.readTree("1")));
    for (int i = 0; i < 10; i++) state = run(s, state, edit("n", Integer.toString(i)));
    assertThat(state.marks()).containsKey("c1").doesNotContainKey("old");
  }

  @Test
  void sequence_manyEdits_versionsAreGapFree_andReplayOfOpsMatches() {
    SessionDocument state = SessionDocument.empty("s1");
    List<JsonNode> ops = new ArrayList<>();
    String[][] edits = {
      {"name", "\"Sarah\""}, {"goals", "[]"}, {"goals.0", "\"plan\""}, {"goals.1", "\"shop\""},
      {"demographics.age", "34"}, {"goals.0", "null"}, {"name", "\"Sara\""},
    };
    for (int i = 0; i < edits.length; i++) {
      EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(state, edit(edits[i][0], edits[i][1]), i);
      assertThat(a.record().v()).isEqualTo(i);
      ops.add(a.record().op());
      state = a.state();
    }
    assertThat(state.version()).isEqualTo(edits.length);
    assertThat(canonical(state.snapshot()))
        .isEqualTo(canonical("{\"name\":\"Sara\",\"goals\":[\"shop\"],\"demographics\":{\"age\":34}}"));
  }

  // --- json0 ops ---------------------------------------------------------------------------

  private EditRecord op(String src, long seq, long v, String op) {
    return EditRecord.op("s1", src, seq, "alice", 0, v, CODEC.readTree(op));
  }

  /** Applies a list of changes in order, asserting each is applied; returns the final state. */
  private SessionDocument run(Sequencer s, SessionDocument state, EditRecord... changes) {
    for (EditRecord change : changes) {
      EditOutcome outcome = s.sequence(state, change, 0);
      assertThat(outcome).as("%s", change).isInstanceOf(EditOutcome.Applied.class);
      state = outcome.state();
    }
    return state;
  }

  @Test
  void op_concurrentTextInserts_transformedAndBothKept() {
    SessionDocument start = SessionDocument.empty("s1");
    SessionDocument withName = run(sequencer, start, edit("name", "\"Sarah\""));
    // Alice and Bob both typed at version 1, at the same offset.
    EditOutcome.Applied first = (EditOutcome.Applied) sequencer.sequence(withName, op("ca", 1, 1, "[{\"p\":[\"name\",5],\"si\":\" Lee\"}]"), 0);
    EditOutcome.Applied second = (EditOutcome.Applied) sequencer.sequence(first.state(), op("cb", 1, 1, "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]"), 0);

    assertThat(second.record().v()).isEqualTo(2);
    assertThat(canonical(second.state().snapshot())).isEqualTo(canonical("{\"name\":\"Dr Sarah Lee\"}"));
    // The transformed op is what is sequenced (its offset moved past nothing: it was first).
    assertThat(second.record().op().toString()).isEqualTo("[{\"p\":[\"name\",0],\"si\":\"Dr \"}]");
  }

  @Test
  void op_sameOffsetTie_submittedOpGoesLeft() {
    SessionDocument s = run(sequencer, SessionDocument.empty("s1"), edit("t", "\"ab\""));
    EditOutcome.Applied x = (EditOutcome.Applied) sequencer.sequence(s, op("ca", 1, 1, "[{\"p\":[\"t\",1],\"si\":\"X\"}]"), 0);
    EditOutcome.Applied y = (EditOutcome.Applied) sequencer.sequence(x.state(), op("cb", 1, 1, "[{\"p\":[\"t\",1],\"si\":\"Y\"}]"), 0);
    // ShareDB: the late op is transformed with side left, so it lands before the committed one.
    assertThat(canonical(y.state().snapshot())).isEqualTo(canonical("{\"t\":\"aYXb\"}"));
  }

  @Test
  void op_fromTheFuture_invalidVersion() {
    EditOutcome outcome = sequencer.sequence(doc("{}"), op("ca", 1, 8, "[]"), 0);
    assertThat(outcome).isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> assertThat(r.record().code()).isEqualTo("invalid_version"));
  }

  @Test
  void op_olderThanRetainedWindow_opTooOld() {
    Sequencer small = new Sequencer(ConflictResolution.OT, 4096, 2, CODEC);
    SessionDocument state = run(small, SessionDocument.empty("s1"), edit("a", "1"), edit("b", "2"), edit("c", "3"));
    assertThat(state.recent()).hasSize(2);

    assertThat(small.sequence(state, op("cx", 1, 0, "[{\"p\":[\"d\"],\"oi\":4}]"), 0))
        .isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> {
          assertThat(r.record().code()).isEqualTo("op_too_old");
          assertThat(r.state().version()).isEqualTo(state.version());
          assertThat(r.state().snapshot()).isSameAs(state.snapshot());
        });
    assertThat(small.sequence(state, op("cx", 1, 1, "[{\"p\":[\"d\"],\"oi\":4}]"), 0)).isInstanceOf(EditOutcome.Applied.class);
  }

  @Test
  void op_thatDoesNotApply_invalidOp_andMalformed_invalidOp() {
    SessionDocument state = doc("{\"name\":\"Sarah\"}");
    assertThat(sequencer.sequence(state, op("ca", 1, 7, "[{\"p\":[\"name\",99],\"si\":\"x\"}]"), 0))
        .isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> assertThat(r.record().code()).isEqualTo("invalid_op"));
    assertThat(sequencer.sequence(state, op("ca", 2, 7, "[{\"p\":[\"name\"],\"zz\":1}]"), 0))
        .isInstanceOfSatisfying(EditOutcome.Rejected.class, r -> {
          assertThat(r.record().code()).isEqualTo("invalid_op");
          assertThat(r.record().message()).contains("not valid json0");
        });
  }

  @Test
  void op_lastWriteWinsMode_appliedWithoutTransform() {
    Sequencer lww = new Sequencer(ConflictResolution.LAST_WRITE_WINS, 4096, 100, CODEC);
    SessionDocument s = run(lww, SessionDocument.empty("s1"), edit("t", "\"ab\""));
    SessionDocument x = run(lww, s, op("ca", 1, 1, "[{\"p\":[\"t\",1],\"si\":\"X\"}]"));
    SessionDocument y = run(lww, x, op("cb", 1, 1, "[{\"p\":[\"t\",1],\"si\":\"Y\"}]"));
    assertThat(canonical(y.snapshot())).isEqualTo(canonical("{\"t\":\"aYXb\"}"));
    // A stale op that no longer applies is refused rather than transformed.
    assertThat(lww.sequence(y, op("cc", 1, 0, "[{\"p\":[\"t\",9],\"sd\":\"b\"}]"), 0)).isInstanceOf(EditOutcome.Rejected.class);
  }

  @Test
  void next_keepsAtMostRetainedOps() {
    Sequencer s = new Sequencer(ConflictResolution.OT, 4096, 3, CODEC);
    SessionDocument state = SessionDocument.empty("s1");
    for (int i = 0; i < 10; i++) state = run(s, state, edit("n", Integer.toString(i)));
    assertThat(state.version()).isEqualTo(10);
    assertThat(state.recent()).hasSize(3);
    assertThat(state.recent().get(2).toString()).isEqualTo("[{\"p\":[\"n\"],\"od\":8,\"oi\":9}]");
  }
}
