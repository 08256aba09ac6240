package org.personacollab.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.ot.crdt.CrdtState;
import org.personacollab.ot.crdt.Hlc;
import org.personacollab.platform.config.CollaborationProperties.ConflictResolution;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;

/**
 * The sequencer in offline mode ({@code conflict_resolution: crdt}, ADR 12): merges are applied
 * whatever the client's version, old writes lose to newer ones without being refused, bad stamps
 * and bad updates are typed refusals that change nothing, and the reserved key is the server's.
 */
class CrdtSequencerTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final long NOW = 1_764_220_000_000L;
  /** Few retained ops, so that an OT op from the same client would be op_too_old. */
  private final Sequencer sequencer = new Sequencer(ConflictResolution.CRDT, 1 << 20, 5, CODEC, WorkshopRules.DEFAULTS, 60_000);

  private static SessionDocument doc(String json) {
    return new SessionDocument("s1", 0, JsonCodec.parse(json), java.util.Map.of(), List.of(), null);
  }

  private static EditRecord merge(String src, long seq, CrdtState update) {
    return EditRecord.merge("s1", src, seq, "u-" + src, NOW, CODEC.readTree(update.toString()));
  }

  private static Hlc at(long millis, String node) {
    return new Hlc(millis, 0, node);
  }

  private static SessionDocument applied(EditOutcome outcome) {
    assertThat(outcome).isInstanceOf(EditOutcome.Applied.class);
    EditOutcome.Applied a = (EditOutcome.Applied) outcome;
    return a.state();
  }

  private static Object persona(SessionDocument d) {
    return CrdtDocument.withoutState(d.snapshot());
  }

  @Test
  void merge_setsFieldsAndAddsToLists_andTheOpFoldsToTheDocument() {
    SessionDocument before = doc("{\"name\":\"Sarah\",\"goals\":[\"a\"]}");
    CrdtState update = CrdtState.write(List.of("name"), "Ada", at(NOW - 10, "c1"))
        .merge(CrdtState.add(List.of("goals"), "Ship weekly", at(NOW - 9, "c1")))
        .merge(CrdtState.write(List.of("demographics", "age_range"), "30-39", at(NOW - 8, "c1")));

    EditOutcome outcome = sequencer.sequence(before, merge("c1", 1, update), NOW);

    SessionDocument after = applied(outcome);
    assertThat(JsonCodec.canonical(persona(after)))
        .isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"name\":\"Ada\",\"goals\":[\"a\",\"Ship weekly\"],\"demographics\":{\"age_range\":\"30-39\"}}")));
    // The sequenced op is ordinary json0: applying it to the old document gives the new one.
    var record = ((EditOutcome.Applied) outcome).record();
    assertThat(JsonCodec.canonical(Json0.apply(before.snapshot(), Sequencer.opOf(record)))).isEqualTo(JsonCodec.canonical(after.snapshot()));
    assertThat(CrdtDocument.stateOf(after.snapshot()).register(List.of("name")).at()).isEqualTo(at(NOW - 10, "c1"));
  }

  @Test
  void merge_fromAClientManyVersionsBehind_isNotTooOld_andAnOlderWriteLoses() {
    SessionDocument state = doc("{}");
    // Another client writes the name 50 times (far more than the 5 retained ops).
    for (int i = 1; i <= 50; i++) {
      state = applied(sequencer.sequence(state, merge("c2", i, CrdtState.write(List.of("name"), "Grace " + i, at(NOW - 1000 + i, "c2"))), NOW));
    }
    // The offline client wrote the name earlier, and a title nobody else touched.
    CrdtState offline = CrdtState.write(List.of("name"), "Ada", at(NOW - 5000, "c1")).merge(CrdtState.write(List.of("title"), "PM", at(NOW - 4999, "c1")));

    SessionDocument after = applied(sequencer.sequence(state, merge("c1", 1, offline), NOW));

    assertThat(after.version()).isEqualTo(51);
    assertThat(JsonCodec.canonical(persona(after))).isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"name\":\"Grace 50\",\"title\":\"PM\"}")));
  }

  @Test
  void merge_concurrentAddAndRemove_addWins() {
    SessionDocument state = applied(sequencer.sequence(doc("{}"), merge("c1", 1, CrdtState.add(List.of("goals"), "x", at(NOW - 100, "c1"))), NOW));
    // c2 saw "x" and removes it; c1, offline, had added "x" again with a tag c2 never saw.
    CrdtState removal = CrdtDocument.stateOf(state.snapshot()).removal(List.of("goals"), "x");
    CrdtState readd = CrdtState.add(List.of("goals"), "x", at(NOW - 50, "c1"));

    SessionDocument a = applied(sequencer.sequence(applied(sequencer.sequence(state, merge("c2", 1, removal), NOW)), merge("c1", 2, readd), NOW));
    SessionDocument b = applied(sequencer.sequence(applied(sequencer.sequence(state, merge("c1", 2, readd), NOW)), merge("c2", 1, removal), NOW));

    assertThat(JsonCodec.canonical(persona(a))).isEqualTo("{\"goals\":[\"x\"]}");
    assertThat(JsonCodec.canonical(a.snapshot())).isEqualTo(JsonCodec.canonical(b.snapshot()));
  }

  @Test
  void merge_keepsListChangesMadeByJson0Ops() {
    // A json0 op (the web page) removed "b" and inserted "z" after the set was last merged.
    SessionDocument state = applied(sequencer.sequence(doc("{}"), merge("c1", 1,
        CrdtState.add(List.of("goals"), "a", at(NOW - 3, "c1")).merge(CrdtState.add(List.of("goals"), "b", at(NOW - 2, "c1")))), NOW));
    state = applied(sequencer.sequence(state,
        EditRecord.op("s1", "web", 1, "u-web", NOW, state.version(), CODEC.readTree("[{\"p\":[\"goals\",1],\"ld\":\"b\",\"li\":\"z\"}]")), NOW));

    SessionDocument after = applied(sequencer.sequence(state, merge("c1", 2, CrdtState.add(List.of("goals"), "c", at(NOW - 1, "c1"))), NOW));

    assertThat(JsonCodec.canonical(persona(after))).isEqualTo("{\"goals\":[\"a\",\"c\",\"z\"]}");
  }

  @Test
  void merge_stampTooFarAhead_isClockSkew_andChangesNothing() {
    SessionDocument before = doc("{\"name\":\"Sarah\"}");

    EditOutcome outcome = sequencer.sequence(before, merge("c1", 1, CrdtState.write(List.of("name"), "Ada", at(NOW + 60_001, "c1"))), NOW);

    assertThat(outcome).isInstanceOf(EditOutcome.Rejected.class);
    assertThat(((EditOutcome.Rejected) outcome).code()).isEqualTo(ErrorCode.CLOCK_SKEW);
    assertThat(outcome.state().snapshot()).isEqualTo(before.snapshot());
    assertThat(outcome.state().version()).isZero();
    // Exactly at the limit is fine.
    assertThat(sequencer.sequence(before, merge("c1", 1, CrdtState.write(List.of("name"), "Ada", at(NOW + 60_000, "c1"))), NOW))
        .isInstanceOf(EditOutcome.Applied.class);
  }

  @Test
  void merge_refusals_areInvalidOp_andChangeNothing() {
    SessionDocument before = doc("{\"name\":\"Sarah\",\"goals\":[\"a\"]}");
    List<String> bad = List.of(
        "{\"registers\":[{\"path\":[\"name\"],\"value\":\"x\",\"at\":\"soon\"}]}",
        "{\"registers\":[{\"path\":[\"goals\"],\"value\":\"x\",\"at\":\"1:0:c1\"}]}", // a list is a set
        "{\"sets\":[{\"path\":[\"name\"],\"adds\":[{\"tag\":\"1:0:c1\",\"value\":\"x\"}]}]}", // not a list
        "{\"registers\":[{\"path\":[\"name\"],\"value\":{\"first\":\"Ada\"},\"at\":\"1:0:c1\"}]}", // objects are fields
        "{\"registers\":[{\"path\":[\"goals\",0],\"value\":\"x\",\"at\":\"1:0:c1\"}]}", // no indexes
        "{\"unknown\":[]}");
    for (String json : bad) {
      EditOutcome outcome = sequencer.sequence(before, EditRecord.merge("s1", "c1", 1, "u", NOW, CODEC.readTree(json)), NOW);
      assertThat(outcome).as(json).isInstanceOf(EditOutcome.Rejected.class);
      assertThat(((EditOutcome.Rejected) outcome).code()).as(json).isEqualTo(ErrorCode.INVALID_OP);
      assertThat(outcome.state().snapshot()).as(json).isEqualTo(before.snapshot());
    }
  }

  @Test
  void merge_reservedKeys_areForbidden_andJson0CannotWriteTheState() {
    SessionDocument before = doc("{\"name\":\"Sarah\"}");
    EditOutcome viaMerge = sequencer.sequence(before,
        EditRecord.merge("s1", "c1", 1, "u", NOW, CODEC.readTree("{\"registers\":[{\"path\":[\"_crdt\"],\"value\":\"x\",\"at\":\"1:0:c1\"}]}")), NOW);
    EditOutcome viaOp = sequencer.sequence(before,
        EditRecord.op("s1", "c2", 1, "u", NOW, 0, CODEC.readTree("[{\"p\":[\"_crdt\"],\"oi\":{}}]")), NOW);

    assertThat(((EditOutcome.Rejected) viaMerge).code()).isEqualTo(ErrorCode.INVALID_OP);
    assertThat(((EditOutcome.Rejected) viaOp).code()).isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void merge_sentTwice_isADuplicate() {
    EditRecord m = merge("c1", 1, CrdtState.write(List.of("name"), "Ada", at(NOW, "c1")));
    SessionDocument once = applied(sequencer.sequence(doc("{}"), m, NOW));

    EditOutcome again = sequencer.sequence(once, m, NOW);

    assertThat(again).isInstanceOf(EditOutcome.Duplicate.class);
    assertThat(again.state().version()).isEqualTo(1);
  }

  @Test
  void wholeDocumentReplace_keepsTheCrdtState() {
    SessionDocument state = applied(sequencer.sequence(doc("{}"), merge("c1", 1, CrdtState.write(List.of("name"), "Ada", at(NOW, "c1"))), NOW));

    SessionDocument after = applied(sequencer.sequence(state,
        EditRecord.edit("s1", "gen", 1, "u", NOW, List.of(), CODEC.readTree("{\"name\":\"Generated\"}")), NOW));

    assertThat(CrdtDocument.stateOf(after.snapshot()).register(List.of("name"))).isNotNull();
    assertThat(JsonCodec.canonical(persona(after))).isEqualTo("{\"name\":\"Generated\"}");
  }

  @Test
  void restoringAnOldVersion_keepsTheCurrentCrdtState_itNeverGoesBack() {
    SessionDocument v1 = applied(sequencer.sequence(doc("{}"), merge("c1", 1, CrdtState.write(List.of("name"), "Ada", at(NOW - 2, "c1"))), NOW));
    SessionDocument v2 = applied(sequencer.sequence(v1, merge("c1", 2, CrdtState.write(List.of("name"), "Bea", at(NOW - 1, "c1"))), NOW));

    // A restore of version 1 replaces the whole document with it, _crdt included.
    SessionDocument restored = applied(sequencer.sequence(v2,
        EditRecord.edit("s1", "agent:restore:1:x", 1, "u", NOW, List.of(), CODEC.readTree(JsonCodec.write(v1.snapshot()))), NOW));

    assertThat(JsonCodec.canonical(persona(restored))).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(CrdtDocument.stateOf(restored.snapshot())).isEqualTo(CrdtDocument.stateOf(v2.snapshot()));
  }

  @Test
  void merge_inOtMode_isInvalidOp() {
    Sequencer ot = new Sequencer(ConflictResolution.OT, 1 << 20, 5, CODEC);

    EditOutcome outcome = ot.sequence(doc("{}"), merge("c1", 1, CrdtState.write(List.of("name"), "Ada", at(NOW, "c1"))), NOW);

    assertThat(((EditOutcome.Rejected) outcome).code()).isEqualTo(ErrorCode.INVALID_OP);
    assertThat(((EditOutcome.Rejected) outcome).record().message()).contains("crdt");
  }
}
