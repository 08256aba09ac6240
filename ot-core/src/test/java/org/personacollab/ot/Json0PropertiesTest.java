package org.personacollab.ot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The OT laws as jqwik properties over generated persona documents and concurrent op pairs. A
 * case is drawn from a seed (see {@link PersonaGen}), so jqwik's report of the falsifying seed
 * is a complete repro, and each law's own message carries the conformance request line.
 */
class Json0PropertiesTest {

  @Provide
  Arbitrary<PersonaGen.Case> cases() {
    return Arbitraries.longs().map(PersonaGen::of);
  }

  @Property(tries = 2000)
  void transform_converges(@ForAll("cases") PersonaGen.Case c) {
    OtLaws.assertConverges(c.doc(), c.a(), c.b());
  }

  @Property(tries = 2000)
  void invert_undoes(@ForAll("cases") PersonaGen.Case c) {
    OtLaws.assertInvertible(c.doc(), c.a());
    OtLaws.assertInvertible(c.doc(), c.b());
  }

  @Property(tries = 2000)
  void compose_equalsSequentialApply(@ForAll("cases") PersonaGen.Case c) {
    Object afterA = Json0.apply(c.doc(), c.a());
    OtLaws.assertComposes(c.doc(), c.a(), Json0.transform(c.b(), c.a(), Side.RIGHT));
    OtLaws.assertComposes(c.doc(), c.a(), new PersonaGen(c.seed() + 1).op(afterA));
  }

  @Property(tries = 1000)
  void normalize_keepsEffect(@ForAll("cases") PersonaGen.Case c) {
    Op both = Json0.compose(c.a(), Json0.transform(c.b(), c.a(), Side.RIGHT));
    OtLaws.assertSame(Json0.apply(c.doc(), both), Json0.apply(c.doc(), Json0.normalize(both)), "normalize changed the effect");
  }

  @Property(tries = 1000)
  void noFunction_mutatesItsInputs(@ForAll("cases") PersonaGen.Case c) {
    OtLaws.assertNoMutation(c.doc(), c.a(), c.b());
  }

  @Property(tries = 1000)
  void opWireForm_roundTrips(@ForAll("cases") PersonaGen.Case c) {
    OtLaws.assertSame(c.a().toPlain(), Op.parse(c.a().toString()).toPlain(), "op text round trip");
    OtLaws.assertSame(c.doc(), JsonCodec.parse(JsonCodec.write(c.doc())), "document text round trip");
  }
}
