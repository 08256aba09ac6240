package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;

/** Marker matching and histogram recording against hand-made REMOTE ops. */
class SessionTrackerTest {
  static final long MS = 1_000_000L;
  final SessionTracker tracker = new SessionTracker("s1", 2, 1000);
  final SessionTracker.Receiver r1 = new SessionTracker.Receiver();
  final SessionTracker.Receiver r2 = new SessionTracker.Receiver();

  static String s(int... markers) {
    StringBuilder b = new StringBuilder();
    for (int m : markers) b.append(Markers.charOf(m));
    return b.toString();
  }

  @Test
  void observe_composedAndMixedOp_recordsOneSamplePerChangeAndReceiver() {
    // Given two typed characters, a list item and a replace, all submitted at t = 0
    int a = tracker.newMarker(), b = tracker.newMarker(), c = tracker.newMarker(), d = tracker.newMarker();
    tracker.registerInsert(a, ChangeKind.TYPE, 0, true);
    tracker.registerInsert(b, ChangeKind.TYPE, 0, true);
    tracker.registerInsert(c, ChangeKind.LIST_INSERT, 0, true);
    tracker.registerInsert(d, ChangeKind.REPLACE, 0, true);
    // When receiver 1 sees them composed into one op at 5 ms (the two characters merged into one si)
    Op composed = Op.of(
        new Component.StringInsert(Path.of("summary", 3), "x" + s(a, b)),
        new Component.ListInsert(Path.of("goals", 0), "note " + s(c)),
        new Component.ObjectReplace(Path.of("demographics", "location"), "Leeds", "choice " + s(d)));
    tracker.observe(composed, 5 * MS, r1);
    // and receiver 2 sees the same at 9 ms
    tracker.observe(composed, 9 * MS, r2);
    // Then every (change × receiver) was recorded once, and nothing is outstanding
    SessionTracker.Totals t = totals();
    assertThat(t.fanoutAll.getTotalCount()).isEqualTo(8);
    assertThat(t.fanout.get(ChangeKind.TYPE).getTotalCount()).isEqualTo(4);
    assertThat(t.fanoutAll.getMinValue()).isBetween(4990L, 5010L);
    assertThat(t.fanoutAll.getMaxValue()).isBetween(8990L, 9010L);
    assertThat(t.observations).isEqualTo(8);
    assertThat(tracker.outstanding()).isZero();
    assertThat(t.unobservedTotal()).isZero();
    assertThat(t.submitted[ChangeKind.TYPE.ordinal()]).isEqualTo(2);
  }

  @Test
  void observe_deleteSplitByConcurrentInsert_matchesEachCharacter() {
    int a = tracker.newMarker(), b = tracker.newMarker();
    tracker.registerInsert(a, ChangeKind.TYPE, 0, false);
    tracker.registerInsert(b, ChangeKind.TYPE, 0, false);
    tracker.registerDelete(a, ChangeKind.BACKSPACE, 10 * MS, true);
    tracker.registerDelete(b, ChangeKind.BACKSPACE, 10 * MS, true);
    // json0 splits a delete around text inserted inside it by someone else
    Op split = Op.of(new Component.StringDelete(Path.of("name", 2), s(a)), new Component.StringDelete(Path.of("name", 3), s(b)));
    tracker.observe(split, 12 * MS, r1);
    SessionTracker.Totals t = totals();
    assertThat(t.fanout.get(ChangeKind.BACKSPACE).getTotalCount()).isEqualTo(2);
    assertThat(t.fanout.get(ChangeKind.BACKSPACE).getMaxValue()).isBetween(1990L, 2010L);
    assertThat(t.unobserved[ChangeKind.BACKSPACE.ordinal()]).isEqualTo(2); // the second receiver has not seen it
  }

  @Test
  void observe_oldSideOfAReplace_isNotADelete() {
    int old = tracker.newMarker();
    tracker.registerInsert(old, ChangeKind.REPLACE, 0, true);
    tracker.observe(Op.of(new Component.ObjectReplace(Path.of("title"), "choice " + s(old), "plain")), MS, r1);
    assertThat(totals().fanoutAll.getTotalCount()).isZero();
    assertThat(totals().strays).isZero();
  }

  @Test
  void observe_warmUpChange_isMatchedButNotRecorded() {
    int m = tracker.newMarker();
    tracker.registerInsert(m, ChangeKind.TYPE, 0, false);
    tracker.observe(Op.of(new Component.StringInsert(Path.of("name", 0), s(m))), MS, r1);
    tracker.observe(Op.of(new Component.StringInsert(Path.of("name", 0), s(m))), MS, r2);
    SessionTracker.Totals t = totals();
    assertThat(t.fanoutAll.getTotalCount()).isZero();
    assertThat(t.submittedTotal()).isZero();
    assertThat(t.duplicates).isZero();
  }

  @Test
  void observe_sameReceiverTwice_isADuplicate_andDoesNotCountForAnotherReceiver() {
    int m = tracker.newMarker();
    tracker.registerInsert(m, ChangeKind.TYPE, 0, true);
    Op op = Op.of(new Component.StringInsert(Path.of("name", 0), s(m)));
    tracker.observe(op, MS, r1);
    tracker.observe(op, MS, r1);
    tracker.observe(Op.of(new Component.StringInsert(Path.of("name", 0), s(500))), MS, r1);
    SessionTracker.Totals t = totals();
    assertThat(t.duplicates).isEqualTo(1);
    assertThat(t.strays).isEqualTo(1);
    assertThat(t.fanoutAll.getTotalCount()).isEqualTo(1);
    assertThat(t.unobservedTotal()).isEqualTo(1); // r2 has still not seen it
  }

  @Test
  void observe_againAfterAResync_isCountedApart() {
    int m = tracker.newMarker();
    tracker.registerInsert(m, ChangeKind.TYPE, 0, true);
    Op op = Op.of(new Component.StringInsert(Path.of("name", 0), s(m)));
    tracker.observe(op, MS, r1);
    r1.resets++; // an older snapshot, then the op once more
    tracker.observe(op, 2 * MS, r1);
    SessionTracker.Totals t = totals();
    assertThat(t.duplicates).isZero();
    assertThat(t.reseen).isEqualTo(1);
  }

  @Test
  void refusedAndLostChanges_areNotUnobserved() {
    int refused = tracker.newMarker(), lost = tracker.newMarker(), missing = tracker.newMarker();
    tracker.registerInsert(refused, ChangeKind.TYPE, 0, true);
    tracker.registerInsert(lost, ChangeKind.LIST_INSERT, 0, true);
    tracker.registerInsert(missing, ChangeKind.REPLACE, 0, true);
    tracker.rejected(ChangeKind.TYPE, refused, "op_too_old");
    tracker.lost(ChangeKind.LIST_INSERT, lost);
    SessionTracker.Totals t = totals();
    assertThat(t.rejected).containsEntry("op_too_old", 1L);
    assertThat(t.lost).isEqualTo(1);
    assertThat(t.unobservedTotal()).isEqualTo(2);
    assertThat(t.unobserved[ChangeKind.REPLACE.ordinal()]).isEqualTo(2);
  }

  @Test
  void acked_countsTowardsThroughputOnlyInsideTheWindow_andRecordsAckLatency() {
    tracker.window(100 * MS, 200 * MS);
    int early = tracker.newMarker(), inside = tracker.newMarker();
    tracker.registerInsert(early, ChangeKind.TYPE, 50 * MS, false);
    tracker.registerInsert(inside, ChangeKind.TYPE, 150 * MS, true);
    tracker.acked(ChangeKind.TYPE, early, 50 * MS, 60 * MS, true);
    tracker.acked(ChangeKind.TYPE, inside, 150 * MS, 157 * MS, false);
    SessionTracker.Totals t = totals();
    assertThat(t.ackedInWindow).isEqualTo(1);
    assertThat(t.ack.getTotalCount()).isEqualTo(1);
    assertThat(t.ack.getMaxValue()).isBetween(6990L, 7010L);
    assertThat(t.ackDirect.getTotalCount()).isZero(); // the direct one was warm-up
    assertThat(tracker.insertAcked(early)).isTrue();
  }

  @Test
  void versions_giveServerOps() {
    tracker.versionAtWindowStart(10);
    tracker.versionAtWindowEnd(25);
    assertThat(totals().serverOps).isEqualTo(15);
  }

  private SessionTracker.Totals totals() {
    SessionTracker.Totals t = new SessionTracker.Totals();
    tracker.addTo(t);
    return t;
  }
}
