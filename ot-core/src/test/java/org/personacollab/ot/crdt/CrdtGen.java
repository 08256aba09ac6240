package org.personacollab.ot.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.personacollab.ot.JsonCodec;

/**
 * Random CRDT updates from a seed, so a seed is a complete repro. Updates come from a few replicas
 * over a small universe of fields (registers: name, title, demographics.*; sets: goals, quotes) and
 * values, with timestamps that collide often enough to exercise the tie-breaks; removes name tags
 * from the same universe, observed or not.
 */
record CrdtGen(long seed, List<CrdtState> updates) {
  static final List<List<String>> FIELDS =
      List.of(List.of("name"), List.of("title"), List.of("demographics", "age_range"), List.of("demographics", "location"));
  static final List<List<String>> LISTS = List.of(List.of("goals"), List.of("quotes"));
  static final List<String> NODES = List.of("a", "b", "c");
  static final List<Object> VALUES = List.of("Ada", "Grace", "30-39", 42L, true, "Ship weekly", "Less email");

  static CrdtGen of(long seed) {
    Random r = new Random(seed);
    int n = 2 + r.nextInt(5);
    List<CrdtState> updates = new ArrayList<>();
    for (int i = 0; i < n; i++) updates.add(update(r));
    return new CrdtGen(seed, updates);
  }

  static Hlc stamp(Random r) {
    return new Hlc(1000 + r.nextInt(4), r.nextInt(3), NODES.get(r.nextInt(NODES.size())));
  }

  static CrdtState update(Random r) {
    List<Object> regs = new ArrayList<>();
    List<Object> sets = new ArrayList<>();
    int changes = 1 + r.nextInt(5);
    Map<String, Map<String, Object>> byList = new LinkedHashMap<>();
    for (int i = 0; i < changes; i++) {
      if (r.nextInt(3) == 0) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", FIELDS.get(r.nextInt(FIELDS.size())));
        e.put("value", r.nextInt(6) == 0 ? null : VALUES.get(r.nextInt(VALUES.size())));
        e.put("at", stamp(r).toString());
        regs.add(e);
      } else {
        List<String> path = LISTS.get(r.nextInt(LISTS.size()));
        Map<String, Object> set = byList.computeIfAbsent(JsonCodec.write(path), k -> {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("path", path);
          s.put("adds", new ArrayList<>());
          s.put("removed", new ArrayList<>());
          sets.add(s);
          return s;
        });
        Hlc tag = stamp(r);
        @SuppressWarnings("unchecked")
        List<Object> adds = (List<Object>) set.get("adds");
        @SuppressWarnings("unchecked")
        List<Object> removed = (List<Object>) set.get("removed");
        boolean used = adds.stream().anyMatch(a -> ((Map<?, ?>) a).get("tag").equals(tag.toString()));
        if (r.nextInt(3) == 0) {
          removed.add(tag.toString());
        } else if (!used) {
          Map<String, Object> a = new LinkedHashMap<>();
          a.put("tag", tag.toString());
          a.put("value", VALUES.get(r.nextInt(VALUES.size())));
          adds.add(a);
        }
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("registers", regs);
    doc.put("sets", sets);
    return CrdtState.fromJson(JsonCodec.freeze(doc));
  }

  /** The line to paste into a test to replay this case. */
  String repro() {
    return "CrdtGen.of(" + seed + "L) updates=" + updates;
  }
}
