package org.personacollab.ot.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.JsonCodec;

/**
 * The JavaScript port of the offline mode ({@code ot-core/js/crdt.mjs}, used by the web page) must
 * compute what this package computes, byte for byte in the wire form. This test writes what Java
 * computes for seeded random cases (merges, splits, removals, base tags and document merges, the
 * latter chained so documents carry a growing {@code _crdt} and lists edited outside the state)
 * and requires the checked-in fixture {@code js/test/crdt-conformance.json} to hold exactly that;
 * {@code js/test/crdt.test.mjs} requires the JavaScript side to compute the same from the same
 * inputs. {@code -Dcrdt.fixture.write=true} rewrites the fixture after a deliberate change.
 */
class CrdtConformanceFixtureTest {
  static final Path FIXTURE = Path.of("js/test/crdt-conformance.json");

  @Test
  void checkedInFixture_isWhatJavaComputes() throws IOException {
    String expected = JsonCodec.write(fixture()) + "\n";
    if (Boolean.getBoolean("crdt.fixture.write")) Files.writeString(FIXTURE, expected, StandardCharsets.UTF_8);
    assertEquals(expected, Files.readString(FIXTURE, StandardCharsets.UTF_8),
        FIXTURE + " is stale: run with -Dcrdt.fixture.write=true and check the JavaScript side");
  }

  static Map<String, Object> fixture() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> merges = new ArrayList<>();
    List<Object> removals = new ArrayList<>();
    List<Object> splits = new ArrayList<>();
    for (long seed = 1; seed <= 40; seed++) {
      List<CrdtState> u = CrdtGen.of(seed).updates();
      CrdtState all = CrdtState.EMPTY;
      for (CrdtState s : u) all = all.merge(s);
      merges.add(entry("a", u.get(0).toJson(), "b", u.get(1).toJson(), "merged", u.get(0).merge(u.get(1)).toJson(),
          "all", all.toJson()));
      Random r = new Random(seed);
      List<String> list = CrdtGen.LISTS.get(r.nextInt(CrdtGen.LISTS.size()));
      Object value = CrdtGen.VALUES.get(r.nextInt(CrdtGen.VALUES.size()));
      removals.add(entry("state", all.toJson(), "path", list, "value", value, "removal", all.removal(list, value).toJson()));
      int n = 1 + r.nextInt(4);
      splits.add(entry("state", all.toJson(), "max", n, "pieces", all.split(n).stream().map(CrdtState::toJson).toList()));
    }
    out.put("merges", merges);
    out.put("removals", removals);
    out.put("splits", splits);
    List<Object> tags = new ArrayList<>();
    List<Object> values = new ArrayList<>(CrdtGen.VALUES);
    values.add("naïve café, 漢字 🙂 \"quoted\"\n");
    values.add(entry("text", "a quote", "source", "interview 3"));
    values.add(null);
    for (int i = 0; i < values.size(); i++) tags.add(entry("index", i, "value", values.get(i), "tag", CrdtDocument.baseTag(i, values.get(i)).toString()));
    out.put("base_tags", tags);
    out.put("documents", documents());
    return out;
  }

  /** Chains of document merges from seeded updates, with json0-like list edits between them. */
  static List<Object> documents() {
    List<Object> steps = new ArrayList<>();
    for (long seed = 1; seed <= 15; seed++) {
      Random r = new Random(seed * 7919);
      Object doc = JsonCodec.parse("{\"name\":\"\",\"goals\":[\"Ship weekly\",\"Less email\"],\"demographics\":{}}");
      for (int i = 0; i < 8; i++) {
        if (r.nextInt(4) == 0) doc = editListOutsideTheState(doc, r);
        CrdtState update = switch (r.nextInt(10)) {
          case 0 -> CrdtState.write(List.of("goals"), "a write to a list", CrdtGen.stamp(r)); // refused
          case 1 -> CrdtState.add(List.of("name"), "an add to a text field", CrdtGen.stamp(r)); // refused once name is text
          default -> CrdtGen.update(r);
        };
        long now = 1000 + r.nextInt(6);
        Object after;
        try {
          after = CrdtDocument.merge(doc, update, "sequencer", now);
        } catch (CrdtException e) {
          after = Map.of("error", e.getMessage());
        }
        steps.add(entry("doc", doc, "update", update.toJson(), "now", now, "after", after));
        if (!(after instanceof Map<?, ?> m && m.containsKey("error"))) doc = after;
      }
    }
    return steps;
  }

  /** What a json0 op does to a list field: drops its first value or adds one at the front. */
  @SuppressWarnings("unchecked")
  static Object editListOutsideTheState(Object doc, Random r) {
    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) doc);
    String field = CrdtGen.LISTS.get(r.nextInt(CrdtGen.LISTS.size())).get(0);
    if (!(m.get(field) instanceof List<?> l)) return doc;
    List<Object> items = new ArrayList<>(l);
    if (!items.isEmpty() && r.nextBoolean()) items.remove(0);
    else items.add(0, "From json0 " + r.nextInt(3));
    m.put(field, items);
    return JsonCodec.freeze(m);
  }

  private static Map<String, Object> entry(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
