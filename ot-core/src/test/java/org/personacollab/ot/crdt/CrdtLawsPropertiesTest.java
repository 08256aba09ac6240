package org.personacollab.ot.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.personacollab.ot.JsonCodec;

/**
 * The CRDT laws as jqwik properties over generated updates ({@link CrdtGen}; the falsifying seed
 * and each assertion's message are a complete repro): merge is commutative, associative and
 * idempotent, and what the document becomes does not depend on the order the updates arrive in or
 * on updates arriving twice.
 */
class CrdtLawsPropertiesTest {

  @Provide
  Arbitrary<CrdtGen> cases() {
    return Arbitraries.longs().map(CrdtGen::of);
  }

  @Property(tries = 2000)
  void merge_isCommutative(@ForAll("cases") CrdtGen c) {
    CrdtState a = c.updates().get(0), b = c.updates().get(1);
    assertEquals(b.merge(a), a.merge(b), c.repro());
  }

  @Property(tries = 2000)
  void merge_isAssociative(@ForAll("cases") CrdtGen c) {
    CrdtState a = c.updates().get(0), b = c.updates().get(1), x = c.updates().get(c.updates().size() - 1);
    assertEquals(a.merge(b.merge(x)), a.merge(b).merge(x), c.repro());
  }

  @Property(tries = 2000)
  void merge_isIdempotent(@ForAll("cases") CrdtGen c) {
    CrdtState all = fold(c.updates());
    assertEquals(all, all.merge(all), c.repro());
    for (CrdtState u : c.updates()) assertEquals(all, all.merge(u), c.repro());
  }

  @Property(tries = 1000)
  void materialize_isIndependentOfDeliveryOrder(@ForAll("cases") CrdtGen c) {
    List<CrdtState> shuffled = new ArrayList<>(c.updates());
    Collections.shuffle(shuffled, new Random(c.seed()));
    assertEquals(JsonCodec.canonical(fold(c.updates()).materialize(null)), JsonCodec.canonical(fold(shuffled).materialize(null)), c.repro());
  }

  @Property(tries = 1000)
  void documentMerge_isIndependentOfOrderAndDuplicates_andEqualsMaterialize(@ForAll("cases") CrdtGen c) {
    List<CrdtState> shuffled = new ArrayList<>(c.updates());
    Collections.shuffle(shuffled, new Random(c.seed()));
    shuffled.add(shuffled.get(0)); // delivered twice
    Object inOrder = deliver(c.updates());
    Object reordered = deliver(shuffled);
    assertEquals(JsonCodec.canonical(inOrder), JsonCodec.canonical(reordered), c.repro());
    // the persona's fields are the state's materialisation, and the state is the fold of the updates
    CrdtState state = CrdtDocument.stateOf(inOrder);
    assertEquals(fold(c.updates()), state, c.repro());
    assertEquals(JsonCodec.canonical(onlyTouched(state)), JsonCodec.canonical(CrdtDocument.withoutState(inOrder)), c.repro());
  }

  /** What materialize gives, with the sets the updates never named left out (merge writes only named ones). */
  private static Object onlyTouched(CrdtState state) {
    return state.materialize(null);
  }

  private static Object deliver(List<CrdtState> updates) {
    Object doc = JsonCodec.parse("{}");
    for (CrdtState u : updates) doc = CrdtDocument.merge(doc, u, "sequencer", 0);
    return doc;
  }

  private static CrdtState fold(List<CrdtState> updates) {
    CrdtState s = CrdtState.EMPTY;
    for (CrdtState u : updates) s = s.merge(u);
    return s;
  }
}
