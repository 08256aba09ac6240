package org.personacollab.ot.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.JsonCodec;

/** Hybrid logical clocks, the wire form's refusals, and a replica's offline queue. */
class HlcAndReplicaTest {

  @Test
  void tick_isMonotonic_whenTheWallClockGoesBack() {
    AtomicLong wall = new AtomicLong(1000);
    HlcClock clock = new HlcClock("c1", wall::get);
    Hlc a = clock.tick();
    wall.set(500); // the device's clock was set back
    Hlc b = clock.tick();
    Hlc c = clock.tick();
    clock.observe(new Hlc(5000, 7, "c2")); // a write from a replica whose clock is ahead
    Hlc d = clock.tick();

    assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0 && c.compareTo(d) < 0, a + " < " + b + " < " + c + " < " + d);
    assertEquals(new Hlc(1000, 2, "c1"), c);
    assertEquals(new Hlc(5000, 8, "c1"), d);
  }

  @Test
  void parse_readsTheWireForm_andRefusesBadOnes() {
    assertEquals(new Hlc(1764220000000L, 3, "c:1"), Hlc.parse("1764220000000:3:c:1"));
    for (String bad : List.of("12:x:n", "-1:0:n", "12:0:", "01:0:n", "12", "9007199254740993:0:n", "1:99999999999:n")) {
      CrdtException e = assertThrows(CrdtException.class, () -> Hlc.parse(bad), bad);
      assertEquals(CrdtException.Kind.INVALID, e.kind());
    }
  }

  @Test
  void fromJson_refusesMalformedStates() {
    for (String bad : List.of(
        "[]", "{\"registers\":{}}", "{\"registers\":[{\"path\":[],\"value\":1,\"at\":\"1:0:a\"}]}",
        "{\"registers\":[{\"path\":[\"_crdt\"],\"value\":1,\"at\":\"1:0:a\"}]}",
        "{\"registers\":[{\"path\":[\"a\"],\"at\":\"1:0:a\"}]}",
        "{\"registers\":[{\"path\":[\"a\"],\"value\":[1],\"at\":\"1:0:a\"}]}",
        "{\"sets\":[{\"path\":[\"g\"],\"adds\":[{\"tag\":\"1:0:a\",\"value\":1},{\"tag\":\"1:0:a\",\"value\":2}]}]}",
        "{\"sets\":[{\"path\":[\"g\"],\"extra\":1}]}")) {
      assertThrows(CrdtException.class, () -> CrdtState.fromJson(JsonCodec.parse(bad)), bad);
    }
  }

  @Test
  void lww_laterStampWins_tieBrokenByNode() {
    CrdtState a = CrdtState.write(List.of("name"), "Ada", new Hlc(10, 0, "a"));
    CrdtState b = CrdtState.write(List.of("name"), "Bea", new Hlc(10, 0, "b"));
    CrdtState c = CrdtState.write(List.of("name"), "Cy", new Hlc(9, 5, "z"));

    assertEquals("Bea", a.merge(b).merge(c).register(List.of("name")).value());
  }

  @Test
  void split_piecesMergeBackToTheState() {
    CrdtState s = CrdtState.EMPTY;
    for (int i = 0; i < 25; i++) s = s.merge(CrdtState.add(List.of("goals"), "g" + i, new Hlc(i, 0, "a")));
    s = s.merge(s.removal(List.of("goals"), "g3")).merge(CrdtState.write(List.of("name"), "Ada", new Hlc(99, 0, "a")));

    List<CrdtState> pieces = s.split(10);

    assertEquals(3, pieces.size());
    CrdtState back = CrdtState.EMPTY;
    for (CrdtState p : pieces) {
      assertTrue(p.size() <= 10);
      back = back.merge(p);
    }
    assertEquals(s, back);
  }

  @Test
  void replica_queuesOffline_viewShowsTheQueue_ackEmptiesIt() {
    AtomicLong wall = new AtomicLong(100);
    CrdtReplica r = new CrdtReplica("c1", wall::get, JsonCodec.parse("{\"name\":\"Sarah\",\"goals\":[\"a\"]}"), 4);
    r.write(List.of("name"), "Ada");
    r.add(List.of("goals"), "b");
    r.remove(List.of("goals"), "a");

    assertEquals("{\"goals\":[\"b\"],\"name\":\"Ada\"}", JsonCodec.canonical(CrdtDocument.withoutState(r.view())));
    List<CrdtState> out = r.drain(1000);
    assertEquals(1, out.size());
    // The server merges it; its op is the document after the merge.
    Object merged = CrdtDocument.merge(r.server(), out.get(0), "sequencer", 200);
    r.onOp(4, org.personacollab.ot.Op.of(new org.personacollab.ot.Component.ObjectReplace(org.personacollab.ot.Path.of(), r.server(), merged)));
    r.acknowledged(out.get(0));

    assertTrue(r.pending().isEmpty());
    assertEquals(5, r.version());
    assertEquals(JsonCodec.canonical(merged), JsonCodec.canonical(r.view()));
  }
}
