package org.personacollab.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.ot.JsonCodec;
import org.personacollab.platform.config.CollaborationProperties.ConflictResolution;
import org.personacollab.platform.config.CollaborationProperties.TieRule;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workshop state machine through the sequencer: every command and every check on changes,
 * given a state, then the state (or the typed refusal, and nothing changed) that follows.
 */
class WorkshopTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final String PERSONA = "{\"name\":\"Sarah\",\"demographics\":{\"age\":30},\"goals\":[\"a\"]}";

  private Sequencer sequencer = sequencer(WorkshopRules.DEFAULTS);
  private SessionDocument doc = new SessionDocument("s1", 0, JsonCodec.parse(PERSONA), Map.of(), List.of(), null);
  private final Map<String, Long> seqs = new java.util.HashMap<>();

  private static Sequencer sequencer(WorkshopRules rules) {
    return new Sequencer(ConflictResolution.OT, 1 << 20, 100, CODEC, rules);
  }

  // ---- helpers: Given/When in one line each ----

  /** {@code user} (with {@code role}) sends command {@code action} with {@code data} at time {@code now}. */
  private EditOutcome command(String user, String role, String action, String dataJson, long now) {
    ObjectNode data = (ObjectNode) CODEC.readTree(dataJson);
    data.put("role", role);
    ObjectNode event = CODEC.mapper().createObjectNode();
    event.put("type", "workshop." + action);
    event.set("data", data);
    long seq = seqs.merge(user, 1L, Long::sum);
    EditOutcome outcome = sequencer.sequence(doc, new EditRecord("s1", "c-" + user, seq, user, now, null, null, null, null, event), now);
    doc = outcome.state();
    return outcome;
  }

  private EditOutcome edit(String user, String path, String valueJson, long now) {
    long seq = seqs.merge(user, 1L, Long::sum);
    List<Object> segments = path.isEmpty() ? List.of() : List.<Object>of((Object[]) path.split("\\."));
    EditOutcome outcome = sequencer.sequence(doc, EditRecord.edit("s1", "c-" + user, seq, user, now, segments, CODEC.readTree(valueJson)), now);
    doc = outcome.state();
    return outcome;
  }

  private EditOutcome op(String user, String opJson, long now) {
    long seq = seqs.merge(user, 1L, Long::sum);
    EditOutcome outcome = sequencer.sequence(doc, EditRecord.op("s1", "c-" + user, seq, user, now, doc.version(), CODEC.readTree(opJson)), now);
    doc = outcome.state();
    return outcome;
  }

  private JsonNode workshop() {
    return sequencer.workshop().stateOf(doc.snapshot());
  }

  private JsonNode field(String dotted) {
    JsonNode node = CODEC.readTree(JsonCodec.write(doc.snapshot()));
    for (String seg : dotted.split("\\.")) node = node.path(seg);
    return node;
  }

  private static void assertApplied(EditOutcome outcome) {
    assertThat(outcome).as("%s", outcome).isInstanceOf(EditOutcome.Applied.class);
  }

  /** Refused with {@code code}, and the document (and its version) exactly as before. */
  private void assertRefused(EditOutcome outcome, ErrorCode code) {
    assertThat(outcome).isInstanceOf(EditOutcome.Rejected.class);
    assertThat(((EditOutcome.Rejected) outcome).code()).isEqualTo(code);
    assertThat(((EditOutcome.Rejected) outcome).record().code()).isEqualTo(code.code());
  }

  private EditOutcome refusedUnchanged(EditOutcome outcome, ErrorCode code, String snapshotBefore, long versionBefore) {
    assertRefused(outcome, code);
    assertThat(JsonCodec.canonical(doc.snapshot())).isEqualTo(snapshotBefore);
    assertThat(doc.version()).isEqualTo(versionBefore);
    return outcome;
  }

  private String proposeAge(String user, int age) {
    assertApplied(command(user, "editor", "propose", "{\"path\":\"demographics.age\",\"value\":" + age + "}", 10));
    JsonNode proposals = workshop().path("votes").path("v1").path("proposals");
    return proposals.get(proposals.size() - 1).path("id").asString();
  }

  // ---- votes ----

  @Test
  void propose_opensOneVotePerField_andSecondProposalJoinsIt() {
    String p1 = proposeAge("alice", 34);
    String p2 = proposeAge("bob", 41);

    JsonNode vote = workshop().path("votes").path("v1");
    assertThat(vote.path("status").asString()).isEqualTo("open");
    assertThat(vote.path("path")).isEqualTo(CODEC.readTree("[\"demographics\",\"age\"]"));
    assertThat(vote.path("proposals").size()).isEqualTo(2);
    assertThat(List.of(p1, p2)).containsExactly("p2", "p3"); // v1 took id 1
    assertThat(vote.path("tally")).isEqualTo(CODEC.readTree("{\"p2\":0,\"p3\":0}"));
    // Proposing changes the workshop, not the persona.
    assertThat(field("demographics.age").asInt()).isEqualTo(30);
    assertThat(doc.version()).isEqualTo(2);
  }

  @Test
  void vote_oneEach_changeable_tallyLive() {
    String p1 = proposeAge("alice", 34);
    String p2 = proposeAge("bob", 41);

    assertApplied(command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20));
    assertApplied(command("bob", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 21));
    assertThat(workshop().path("votes").path("v1").path("tally")).isEqualTo(CODEC.readTree("{\"p2\":2,\"p3\":0}"));

    // Bob changes his mind: still one vote.
    assertApplied(command("bob", "editor", "vote", "{\"proposal\":\"" + p2 + "\"}", 22));
    assertThat(workshop().path("votes").path("v1").path("tally")).isEqualTo(CODEC.readTree("{\"p2\":1,\"p3\":1}"));
    assertThat(workshop().path("votes").path("v1").path("ballots")).isEqualTo(CODEC.readTree("{\"alice\":\"p2\",\"bob\":\"p3\"}"));
  }

  @Test
  void closeVote_mostVotesWins_andIsAppliedAsTheFacilitatorsChange() {
    String p1 = proposeAge("alice", 34);
    proposeAge("bob", 41);
    command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20);
    command("bob", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 21);
    long before = doc.version();

    EditOutcome closed = command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30);

    assertApplied(closed);
    var record = ((EditOutcome.Applied) closed).record();
    assertThat(record.userId()).isEqualTo("fay");
    assertThat(doc.version()).isEqualTo(before + 1); // state and decision: one op, one version
    assertThat(field("demographics.age").asInt()).isEqualTo(34);
    JsonNode result = workshop().path("votes").path("v1").path("result");
    assertThat(result.path("winner").asString()).isEqualTo(p1);
    assertThat(result.path("reason").asString()).isEqualTo("most_votes");
    assertThat(result.path("votes").asInt()).isEqualTo(2);
    assertThat(result.path("closed_by").asString()).isEqualTo("fay");
    assertThat(workshop().path("votes").path("v1").path("status").asString()).isEqualTo("closed");
    // The audit event of the op names the command.
    assertThat(((EditOutcome.Applied) closed).audit().data().path("workshop").asString()).isEqualTo("workshop.close_vote");
    assertThat(record.op().toString()).contains("\"p\":[\"demographics\",\"age\"]");
  }

  @Test
  void vote_onClosedVote_isVoteClosed() {
    String p1 = proposeAge("alice", 34);
    command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20);
    command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30);
    String before = JsonCodec.canonical(doc.snapshot());

    refusedUnchanged(command("bob", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 31), ErrorCode.VOTE_CLOSED, before, doc.version());
    refusedUnchanged(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 32), ErrorCode.VOTE_CLOSED, before, doc.version());
    refusedUnchanged(command("bob", "editor", "propose", "{\"vote\":\"v1\",\"value\":50}", 33), ErrorCode.VOTE_CLOSED, before, doc.version());
  }

  @Test
  void refusals_changeNothing() {
    proposeAge("alice", 34);
    String before = JsonCodec.canonical(doc.snapshot());
    long v = doc.version();

    refusedUnchanged(command("bob", "editor", "close_vote", "{\"vote\":\"v1\"}", 20), ErrorCode.FORBIDDEN, before, v);
    refusedUnchanged(command("bob", "editor", "vote", "{\"proposal\":\"p99\"}", 20), ErrorCode.PROPOSAL_NOT_FOUND, before, v);
    refusedUnchanged(command("fay", "facilitator", "close_vote", "{\"vote\":\"v9\"}", 20), ErrorCode.PROPOSAL_NOT_FOUND, before, v);
    refusedUnchanged(command("vic", "viewer", "vote", "{\"proposal\":\"p2\"}", 20), ErrorCode.FORBIDDEN, before, v);
    refusedUnchanged(command("vic", "viewer", "propose", "{\"path\":\"name\",\"value\":\"X\"}", 20), ErrorCode.FORBIDDEN, before, v);
    refusedUnchanged(command("bob", "editor", "vote", "{}", 20), ErrorCode.VALIDATION_FAILED, before, v);
    refusedUnchanged(command("bob", "editor", "propose", "{\"path\":\"name\"}", 20), ErrorCode.VALIDATION_FAILED, before, v);
    refusedUnchanged(command("bob", "editor", "propose", "{\"value\":\"not an object\"}", 20), ErrorCode.VALIDATION_FAILED, before, v);
    refusedUnchanged(command("bob", "editor", "propose", "{\"path\":\"_workshop.votes\",\"value\":1}", 20), ErrorCode.FORBIDDEN, before, v);
    refusedUnchanged(command("bob", "editor", "dance", "{}", 20), ErrorCode.VALIDATION_FAILED, before, v);
    refusedUnchanged(command("bob", "boss", "vote", "{\"proposal\":\"p2\"}", 20), ErrorCode.VALIDATION_FAILED, before, v);
  }

  /** A 1–1 tie under each rule: {rule} gives {winner} ({reason}); the field then holds {age}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "NO_WINNER,   , tie,          30",
    "EARLIEST,    p2, tie_earliest, 34",
  })
  void closeVote_tie(TieRule rule, String winner, String reason, int age) {
    sequencer = sequencer(new WorkshopRules(1, rule, 50, 3600));
    String p1 = proposeAge("alice", 34);
    String p2 = proposeAge("bob", 41);
    command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20);
    command("bob", "editor", "vote", "{\"proposal\":\"" + p2 + "\"}", 21);

    assertApplied(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30));

    JsonNode result = workshop().path("votes").path("v1").path("result");
    if (winner == null) assertThat(result.path("winner").isNull()).isTrue();
    else assertThat(result.path("winner").asString()).isEqualTo(winner);
    assertThat(result.path("reason").asString()).isEqualTo(reason);
    assertThat(result.path("tied")).isEqualTo(CODEC.readTree("[\"p2\",\"p3\"]"));
    assertThat(field("demographics.age").asInt()).isEqualTo(age);
  }

  @Test
  void closeVote_tie_facilitatorDecides() {
    sequencer = sequencer(new WorkshopRules(1, TieRule.FACILITATOR, 50, 3600));
    String p1 = proposeAge("alice", 34);
    String p2 = proposeAge("bob", 41);
    proposeAge("carol", 50);
    command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20);
    command("bob", "editor", "vote", "{\"proposal\":\"" + p2 + "\"}", 21);
    String before = JsonCodec.canonical(doc.snapshot());

    // Without a pick, or with one that is not among the tied: vote_tied, the vote stays open.
    refusedUnchanged(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30), ErrorCode.VOTE_TIED, before, doc.version());
    refusedUnchanged(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\",\"winner\":\"p4\"}", 30), ErrorCode.VOTE_TIED, before, doc.version());

    assertApplied(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\",\"winner\":\"" + p2 + "\"}", 31));
    assertThat(workshop().path("votes").path("v1").path("result").path("reason").asString()).isEqualTo("tie_facilitator");
    assertThat(field("demographics.age").asInt()).isEqualTo(41);
  }

  @Test
  void closeVote_belowQuorum_closesWithoutWinner() {
    sequencer = sequencer(new WorkshopRules(3, TieRule.NO_WINNER, 50, 3600));
    String p1 = proposeAge("alice", 34);
    command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20);
    command("bob", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 21);

    assertApplied(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30));

    JsonNode result = workshop().path("votes").path("v1").path("result");
    assertThat(result.path("winner").isNull()).isTrue();
    assertThat(result.path("reason").asString()).isEqualTo("no_quorum");
    assertThat(result.path("quorum").asInt()).isEqualTo(3);
    assertThat(field("demographics.age").asInt()).isEqualTo(30);
  }

  @Test
  void closeVote_quorumMet_hasWinner() {
    sequencer = sequencer(new WorkshopRules(2, TieRule.NO_WINNER, 50, 3600));
    String p1 = proposeAge("alice", 34);
    command("alice", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 20);
    command("bob", "editor", "vote", "{\"proposal\":\"" + p1 + "\"}", 21);
    assertApplied(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30));
    assertThat(field("demographics.age").asInt()).isEqualTo(34);
  }

  @Test
  void propose_limitOfOpenProposals() {
    sequencer = sequencer(new WorkshopRules(1, TieRule.NO_WINNER, 2, 3600));
    proposeAge("alice", 34);
    proposeAge("bob", 41);
    String before = JsonCodec.canonical(doc.snapshot());
    refusedUnchanged(command("carol", "editor", "propose", "{\"path\":\"name\",\"value\":\"X\"}", 20),
        ErrorCode.PROPOSAL_LIMIT_REACHED, before, doc.version());
    // Closing a vote frees its places.
    command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30);
    assertApplied(command("carol", "editor", "propose", "{\"path\":\"name\",\"value\":\"X\"}", 31));
  }

  @Test
  void candidates_becomeWholePersonaProposals_andTheWinnerReplacesThePersona_keepingTheWorkshop() {
    doc = new SessionDocument("s1", 0, JsonCodec.parse(
        "{\"name\":\"A\",\"metadata\":{\"candidates\":[{\"name\":\"A\"},{\"name\":\"B\",\"goals\":[\"x\"]}]}}"), Map.of(), List.of(), null);

    assertApplied(command("alice", "editor", "propose", "{\"candidates\":true}", 10));
    JsonNode proposals = workshop().path("votes").path("v1").path("proposals");
    assertThat(proposals.size()).isEqualTo(2);
    assertThat(proposals.get(1).path("value")).isEqualTo(CODEC.readTree("{\"name\":\"B\",\"goals\":[\"x\"]}"));

    command("alice", "editor", "vote", "{\"proposal\":\"p3\"}", 20);
    assertApplied(command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 30));

    assertThat(field("name").asString()).isEqualTo("B");
    assertThat(field("goals")).isEqualTo(CODEC.readTree("[\"x\"]"));
    assertThat(field("metadata").isMissingNode()).isTrue();
    assertThat(workshop().path("votes").path("v1").path("status").asString()).isEqualTo("closed");
  }

  @Test
  void candidates_none_isValidationFailed() {
    assertRefused(command("alice", "editor", "propose", "{\"candidates\":true}", 10), ErrorCode.VALIDATION_FAILED);
  }

  // ---- the reserved key ----

  @Test
  void clients_cannotWriteTheReservedKey() {
    proposeAge("alice", 34);
    String before = JsonCodec.canonical(doc.snapshot());
    refusedUnchanged(edit("bob", "_workshop", "{}", 20), ErrorCode.FORBIDDEN, before, doc.version());
    refusedUnchanged(op("bob", "[{\"p\":[\"_workshop\",\"next\"],\"na\":1}]", 20), ErrorCode.FORBIDDEN, before, doc.version());
  }

  @Test
  void wholeDocumentReplace_keepsTheWorkshop() {
    proposeAge("alice", 34);
    JsonNode state = workshop();

    assertApplied(edit("gen", "", "{\"name\":\"Generated\"}", 20));

    assertThat(field("name").asString()).isEqualTo("Generated");
    assertThat(workshop()).isEqualTo(state);
  }

  // ---- turns ----

  private void turnsOn(String extra) {
    assertApplied(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"alice\",\"bob\",\"carol\"]" + extra + "}", 100));
  }

  @Test
  void turns_onlyTheHolderMayEdit_othersAreNotYourTurn_andNothingChanges() {
    turnsOn("");
    assertThat(Workshop.holderAt(workshop(), 100)).isEqualTo("alice");

    assertApplied(edit("alice", "name", "\"Ada\"", 101));
    String before = JsonCodec.canonical(doc.snapshot());
    refusedUnchanged(edit("bob", "name", "\"Bea\"", 102), ErrorCode.NOT_YOUR_TURN, before, doc.version());
    refusedUnchanged(op("bob", "[{\"p\":[\"goals\",0],\"li\":\"z\"}]", 102), ErrorCode.NOT_YOUR_TURN, before, doc.version());
    assertThat(field("name").asString()).isEqualTo("Ada");
  }

  @Test
  void turns_fieldsCovered_othersFree() {
    turnsOn(",\"fields\":[\"goals\"]");
    assertApplied(edit("bob", "name", "\"Bea\"", 101));
    assertRefused(edit("bob", "goals.0", "\"b\"", 102), ErrorCode.NOT_YOUR_TURN);
    // A whole-document replace covers every field.
    assertRefused(edit("bob", "", "{\"name\":\"X\"}", 103), ErrorCode.NOT_YOUR_TURN);
    assertApplied(edit("alice", "goals.0", "\"b\"", 104));
  }

  @Test
  void floor_passAlongTheOrder_andRoundRobinWraps() {
    turnsOn("");
    assertApplied(command("alice", "editor", "floor", "{\"action\":\"pass\"}", 110));
    assertThat(workshop().path("turns").path("holder").asString()).isEqualTo("bob");
    assertApplied(command("bob", "editor", "floor", "{\"action\":\"pass\"}", 111));
    assertApplied(command("carol", "editor", "floor", "{\"action\":\"pass\"}", 112));
    assertThat(workshop().path("turns").path("holder").asString()).isEqualTo("alice");
    assertApplied(edit("alice", "name", "\"Ada\"", 113));
  }

  @Test
  void floor_onlyHolderPasses_onlyFacilitatorGives() {
    turnsOn("");
    assertRefused(command("bob", "editor", "floor", "{\"action\":\"pass\"}", 110), ErrorCode.NOT_YOUR_TURN);
    assertRefused(command("bob", "editor", "floor", "{\"action\":\"give\",\"to\":\"bob\"}", 110), ErrorCode.FORBIDDEN);
    assertRefused(command("alice", "editor", "floor", "{\"action\":\"juggle\"}", 110), ErrorCode.VALIDATION_FAILED);

    assertApplied(command("fay", "facilitator", "floor", "{\"action\":\"give\",\"to\":\"carol\"}", 111));
    assertThat(workshop().path("turns").path("holder").asString()).isEqualTo("carol");
    // Given to someone outside the round: they join it at the end.
    assertApplied(command("fay", "facilitator", "floor", "{\"action\":\"give\",\"to\":\"dan\"}", 112));
    assertThat(workshop().path("turns").path("order")).isEqualTo(CODEC.readTree("[\"alice\",\"bob\",\"carol\",\"dan\"]"));
    assertApplied(command("dan", "editor", "floor", "{\"action\":\"pass\"}", 113));
    assertThat(workshop().path("turns").path("holder").asString()).isEqualTo("alice");
  }

  @Test
  void floor_withoutTurns_isValidationFailed_andTurnsNeedTheFacilitator() {
    assertRefused(command("alice", "editor", "floor", "{\"action\":\"pass\"}", 10), ErrorCode.VALIDATION_FAILED);
    assertRefused(command("alice", "editor", "turns", "{\"on\":true,\"order\":[\"alice\"]}", 10), ErrorCode.FORBIDDEN);
    assertRefused(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[]}", 10), ErrorCode.VALIDATION_FAILED);
    assertRefused(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"a\",\"a\"]}", 10), ErrorCode.VALIDATION_FAILED);
    assertRefused(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"a\"],\"holder\":\"b\"}", 10), ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void turnsOff_everyoneEditsAgain() {
    turnsOn("");
    assertRefused(edit("bob", "name", "\"Bea\"", 101), ErrorCode.NOT_YOUR_TURN);
    assertApplied(command("fay", "facilitator", "turns", "{\"on\":false}", 102));
    assertThat(workshop().has("turns")).isFalse();
    assertApplied(edit("bob", "name", "\"Bea\"", 103));
  }

  /** Turns of 10 s from t = 100: at {now} the floor is with {holder}. Sequenced time only. */
  @ParameterizedTest(name = "t={0} -> {1}")
  @CsvSource({"100, alice", "10099, alice", "10100, bob", "20100, carol", "30100, alice", "45000, bob"})
  void timer_passesTheFloorBySequencedTime(long now, String holder) {
    turnsOn(",\"turn_seconds\":10");
    assertThat(Workshop.holderAt(workshop(), now)).isEqualTo(holder);
    for (String user : List.of("alice", "bob", "carol")) {
      EditOutcome outcome = edit(user, "name", "\"" + user + "\"", now);
      if (user.equals(holder)) assertApplied(outcome);
      else assertRefused(outcome, ErrorCode.NOT_YOUR_TURN);
    }
  }

  @Test
  void timer_nextCommandRecordsTheHolderAndKeepsTheSchedule() {
    turnsOn(",\"turn_seconds\":10");
    // At 25.1 s: two turns have passed (alice → bob → carol); a vote writes that down.
    assertApplied(command("bob", "editor", "propose", "{\"path\":\"name\",\"value\":\"X\"}", 25_100));
    JsonNode turns = workshop().path("turns");
    assertThat(turns.path("holder").asString()).isEqualTo("carol");
    assertThat(turns.path("since").asLong()).isEqualTo(20_100);
    assertThat(Workshop.holderAt(workshop(), 30_100)).isEqualTo("alice");
    // A pass restarts the clock.
    assertApplied(command("carol", "editor", "floor", "{\"action\":\"pass\"}", 26_000));
    assertThat(Workshop.holderAt(workshop(), 35_999)).isEqualTo("alice");
    assertThat(Workshop.holderAt(workshop(), 36_000)).isEqualTo("bob");
  }

  @Test
  void timer_limitEnforced() {
    sequencer = sequencer(new WorkshopRules(1, TieRule.NO_WINNER, 50, 60));
    assertRefused(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"a\"],\"turn_seconds\":61}", 10), ErrorCode.VALIDATION_FAILED);
    assertRefused(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"a\"],\"turn_seconds\":0}", 10), ErrorCode.VALIDATION_FAILED);
    assertRefused(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"a\"],\"turn_seconds\":1.5}", 10), ErrorCode.VALIDATION_FAILED);
    assertApplied(command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"a\"],\"turn_seconds\":60}", 10));
  }

  // ---- locks ----

  @Test
  void lock_othersGetFieldLocked_theHolderEdits_unlockFreesIt() {
    assertApplied(command("alice", "editor", "lock", "{\"path\":\"demographics\"}", 10));
    String before = JsonCodec.canonical(doc.snapshot());

    refusedUnchanged(edit("bob", "demographics.age", "40", 11), ErrorCode.FIELD_LOCKED, before, doc.version());
    refusedUnchanged(edit("bob", "", "{\"name\":\"X\"}", 11), ErrorCode.FIELD_LOCKED, before, doc.version());
    assertApplied(edit("bob", "name", "\"Bea\"", 12));
    assertApplied(edit("alice", "demographics.age", "40", 13));
    // Another participant can neither take nor lift the lock.
    assertRefused(command("bob", "editor", "lock", "{\"path\":\"demographics.age\"}", 14), ErrorCode.FIELD_LOCKED);
    assertRefused(command("bob", "editor", "unlock", "{\"path\":\"demographics\"}", 14), ErrorCode.FORBIDDEN);
    assertRefused(command("bob", "editor", "unlock", "{\"path\":\"name\"}", 14), ErrorCode.NOT_FOUND);

    assertApplied(command("alice", "editor", "unlock", "{\"path\":\"demographics\"}", 15));
    assertApplied(edit("bob", "demographics.age", "41", 16));
  }

  @Test
  void lock_facilitatorLocksForOthersAndLiftsAnyLock_viewersCannot() {
    assertRefused(command("bob", "editor", "lock", "{\"path\":\"name\",\"for\":\"carol\"}", 10), ErrorCode.FORBIDDEN);
    assertRefused(command("vic", "viewer", "lock", "{\"path\":\"name\"}", 10), ErrorCode.FORBIDDEN);
    assertRefused(command("bob", "editor", "lock", "{}", 10), ErrorCode.VALIDATION_FAILED);
    assertRefused(command("bob", "editor", "lock", "{\"path\":\"\"}", 10), ErrorCode.VALIDATION_FAILED);
    assertApplied(command("fay", "facilitator", "lock", "{\"path\":\"name\",\"for\":\"carol\"}", 10));
    assertRefused(edit("fay", "name", "\"F\"", 11), ErrorCode.FIELD_LOCKED);
    assertApplied(edit("carol", "name", "\"C\"", 12));
    assertApplied(command("fay", "facilitator", "unlock", "{\"path\":\"name\"}", 13));
    assertApplied(edit("fay", "name", "\"F\"", 14));
  }

  // ---- duplicates and replay ----

  @Test
  void command_sentAgain_isNotAppliedTwice() {
    String p1 = proposeAge("alice", 34);
    ObjectNode data = (ObjectNode) CODEC.readTree("{\"proposal\":\"" + p1 + "\",\"role\":\"editor\"}");
    ObjectNode event = CODEC.mapper().createObjectNode().put("type", "workshop.vote");
    event.set("data", data);
    EditRecord vote = new EditRecord("s1", "c-bob", 1, "bob", 20, null, null, null, null, event);
    doc = sequencer.sequence(doc, vote, 20).state();
    long v = doc.version();
    EditOutcome again = sequencer.sequence(doc, vote, 21);
    assertThat(again).isInstanceOf(EditOutcome.Duplicate.class);
    assertThat(again.state().version()).isEqualTo(v);
  }

  @Test
  void replay_ofTheOps_rebuildsTheSameWorkshop() {
    SessionDocument start = doc;
    List<org.personacollab.protocol.kafka.OpsRecord.Sequenced> log = new java.util.ArrayList<>();
    for (EditOutcome o : List.of(
        command("alice", "editor", "propose", "{\"path\":\"name\",\"value\":\"X\"}", 10),
        command("bob", "editor", "vote", "{\"proposal\":\"p2\"}", 11),
        command("fay", "facilitator", "turns", "{\"on\":true,\"order\":[\"alice\",\"bob\"],\"turn_seconds\":5}", 12),
        command("fay", "facilitator", "close_vote", "{\"vote\":\"v1\"}", 13))) {
      log.add(((EditOutcome.Applied) o).record());
    }
    SessionDocument rebuilt = start;
    for (var record : log) rebuilt = sequencer.replay(rebuilt, record);
    assertThat(JsonCodec.canonical(rebuilt.snapshot())).isEqualTo(JsonCodec.canonical(doc.snapshot()));
    assertThat(field("name").asString()).isEqualTo("X");
  }
}
