package org.personacollab.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.crdt.CrdtState;
import org.personacollab.ot.crdt.Hlc;

/**
 * What one merge the server settled (acknowledged or refused) covers, read from its wire form:
 * entries of another state that merging into it would not change (the same or an older write of a
 * field, an add it has or removed, a removal it has). Linear in the sizes, where
 * {@code piece.merge(entry).equals(piece)} per entry would copy the piece each time.
 */
final class CrdtCoverage {
  private final Map<String, Hlc> registers = new HashMap<>();
  private final Set<String> adds = new HashSet<>();
  private final Set<String> removed = new HashSet<>();

  CrdtCoverage(CrdtState piece) {
    Map<?, ?> json = (Map<?, ?>) piece.toJson();
    for (Object r : (List<?>) json.get("registers")) {
      Map<?, ?> reg = (Map<?, ?>) r;
      registers.put(JsonCodec.write(reg.get("path")), Hlc.parse((String) reg.get("at")));
    }
    for (Object s : (List<?>) json.get("sets")) {
      Map<?, ?> set = (Map<?, ?>) s;
      String path = JsonCodec.write(set.get("path"));
      for (Object a : (List<?>) set.get("adds")) {
        adds.add(path + ((Map<?, ?>) a).get("tag"));
      }
      for (Object t : (List<?>) set.get("removed")) {
        removed.add(path + t);
      }
    }
  }

  /** {@code state} without the entries this piece covers, and whether any was covered. */
  Result minus(CrdtState state) {
    Map<?, ?> json = (Map<?, ?>) state.toJson();
    boolean any = false;
    List<Object> regs = new ArrayList<>();
    for (Object r : (List<?>) json.get("registers")) {
      Map<?, ?> reg = (Map<?, ?>) r;
      Hlc mine = registers.get(JsonCodec.write(reg.get("path")));
      if (mine != null && mine.compareTo(Hlc.parse((String) reg.get("at"))) >= 0) {
        any = true;
      } else {
        regs.add(reg);
      }
    }
    List<Object> sets = new ArrayList<>();
    for (Object s : (List<?>) json.get("sets")) {
      Map<?, ?> set = (Map<?, ?>) s;
      String path = JsonCodec.write(set.get("path"));
      List<Object> keptAdds = new ArrayList<>();
      for (Object a : (List<?>) set.get("adds")) {
        String key = path + ((Map<?, ?>) a).get("tag");
        if (adds.contains(key) || removed.contains(key)) {
          any = true;
        } else {
          keptAdds.add(a);
        }
      }
      List<Object> keptRemoved = new ArrayList<>();
      for (Object t : (List<?>) set.get("removed")) {
        if (removed.contains(path + t)) {
          any = true;
        } else {
          keptRemoved.add(t);
        }
      }
      if (!keptAdds.isEmpty() || !keptRemoved.isEmpty()) {
        Map<String, @Nullable Object> e = new LinkedHashMap<>();
        e.put("path", set.get("path"));
        e.put("adds", keptAdds);
        e.put("removed", keptRemoved);
        sets.add(e);
      }
    }
    if (!any) {
      return new Result(state, false);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registers", regs);
    out.put("sets", sets);
    return new Result(CrdtState.fromJson(out), true);
  }

  record Result(CrdtState rest, boolean coveredAny) {}
}
