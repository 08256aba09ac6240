package org.personacollab.ot;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Ops from plain values (decoded JSON) and back, with errors that name the component and field. */
final class OpCodec {
  private static final List<String> FIELDS = List.of("oi", "od", "li", "ld", "lm", "na", "si", "sd");
  private static final Set<String> ALLOWED = Set.of("p", "oi", "od", "li", "ld", "lm", "na", "si", "sd");

  private OpCodec() {}

  static Op fromPlain(@Nullable Object plain) {
    if (!(plain instanceof List<?> list)) {
      throw new OtException(ErrorCode.BAD_OP, "an op must be a list of components, not " + Values.typeName(plain));
    }
    Component[] out = new Component[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = component(list.get(i), i);
    }
    return new Op(List.of(out));
  }

  static String describe(Map<?, ?> c) {
    StringBuilder f = new StringBuilder();
    for (String k : FIELDS) {
      if (c.containsKey(k)) {
        f.append(f.length() > 0 ? "+" : "").append(k);
      }
    }
    return (f.length() > 0 ? f : "?") + " at " + Values.abbrev(c.get("p"));
  }

  private static OtException fail(ErrorCode code, int i, Map<?, ?> c, String why) {
    return new OtException(code, "component " + i + " (" + describe(c) + "): " + why, i);
  }

  static Component component(@Nullable Object plain, int i) {
    if (!(plain instanceof Map<?, ?> c)) {
      throw new OtException(ErrorCode.BAD_COMPONENT, "component " + i + ": must be an object, not " + Values.typeName(plain), i);
    }
    for (Object k : c.keySet()) {
      if (!ALLOWED.contains(k)) {
        String extra = "t".equals(k) || "o".equals(k) ? " (subtype ops are not supported)" : "";
        throw fail(ErrorCode.BAD_COMPONENT, i, c, "unknown field \"" + k + "\"" + extra);
      }
    }
    if (!(c.get("p") instanceof List<?> rawPath)) {
      throw fail(ErrorCode.BAD_PATH, i, c, "field \"p\" must be a list");
    }
    Object[] elems = new Object[rawPath.size()];
    for (int j = 0; j < elems.length; j++) {
      Object e = rawPath.get(j);
      Object key = null;
      if (e instanceof String) {
        key = e;
      } else if (e instanceof Number n && Values.number(n) instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
        key = (int) (long) l;
      }
      if (key == null) {
        throw fail(ErrorCode.BAD_PATH, i, c,
            "path element " + j + " must be a string key or a non-negative integer, not " + Values.abbrev(e));
      }
      elems[j] = key;
    }
    Path p = new Path(List.of(elems));
    boolean oi = c.containsKey("oi");
    boolean od = c.containsKey("od");
    boolean li = c.containsKey("li");
    boolean ld = c.containsKey("ld");
    boolean lm = c.containsKey("lm");
    boolean na = c.containsKey("na");
    boolean si = c.containsKey("si");
    boolean sd = c.containsKey("sd");
    int n = (oi ? 1 : 0) + (od ? 1 : 0) + (li ? 1 : 0) + (ld ? 1 : 0) + (lm ? 1 : 0) + (na ? 1 : 0) + (si ? 1 : 0) + (sd ? 1 : 0);
    Object last = p.isRoot() ? null : p.last();
    if (n == 0) {
      throw fail(ErrorCode.BAD_COMPONENT, i, c, "no instruction (one of oi, od, li, ld, lm, na, si, sd)");
    }
    if (oi || od) {
      if (n != (oi ? 1 : 0) + (od ? 1 : 0)) {
        throw fail(ErrorCode.BAD_COMPONENT, i, c, "oi/od cannot be combined with other instructions");
      }
      if (last != null && !(last instanceof String)) {
        throw fail(ErrorCode.BAD_PATH, i, c, "an object key must be a string, not " + last);
      }
      if (last == null && !oi) {
        throw fail(ErrorCode.BAD_PATH, i, c, "the document root cannot be deleted (use oi+od to replace it)");
      }
      Object vi = freeze(c, "oi", i);
      Object vd = freeze(c, "od", i);
      return oi && od ? new Component.ObjectReplace(p, vd, vi)
          : oi ? new Component.ObjectInsert(p, vi) : new Component.ObjectDelete(p, vd);
    }
    if (li || ld) {
      if (n != (li ? 1 : 0) + (ld ? 1 : 0)) {
        throw fail(ErrorCode.BAD_COMPONENT, i, c, "li/ld cannot be combined with other instructions");
      }
      if (!(last instanceof Integer)) {
        throw fail(ErrorCode.BAD_PATH, i, c, "a list index (non-negative integer) must end the path");
      }
      Object vi = freeze(c, "li", i);
      Object vd = freeze(c, "ld", i);
      return li && ld ? new Component.ListReplace(p, vd, vi)
          : li ? new Component.ListInsert(p, vi) : new Component.ListDelete(p, vd);
    }
    if (n > 1) {
      throw fail(ErrorCode.BAD_COMPONENT, i, c, "more than one instruction");
    }
    if (lm) {
      if (!(last instanceof Integer)) {
        throw fail(ErrorCode.BAD_PATH, i, c, "a list index (non-negative integer) must end the path");
      }
      Object to = c.get("lm");
      if (!(to instanceof Number num) || !(Values.number(num) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw fail(ErrorCode.BAD_COMPONENT, i, c, "field \"lm\" must be a non-negative integer, not " + Values.abbrev(to));
      }
      return new Component.ListMove(p, (int) (long) l);
    }
    if (na) {
      Object amount = c.get("na");
      if (!(amount instanceof Number num) || !Double.isFinite(num.doubleValue())) {
        throw fail(ErrorCode.BAD_COMPONENT, i, c, "field \"na\" must be a finite number, not " + Values.abbrev(amount));
      }
      return new Component.NumberAdd(p, num);
    }
    String f = si ? "si" : "sd";
    if (!(c.get(f) instanceof String text)) {
      throw fail(ErrorCode.BAD_COMPONENT, i, c, "field \"" + f + "\" must be a string, not " + Values.abbrev(c.get(f)));
    }
    if (!(last instanceof Integer)) {
      throw fail(ErrorCode.BAD_PATH, i, c, "a string offset (non-negative integer) must end the path");
    }
    return si ? new Component.StringInsert(p, text) : new Component.StringDelete(p, text);
  }

  private static @Nullable Object freeze(Map<?, ?> c, String field, int i) {
    try {
      return Values.freeze(c.get(field));
    } catch (OtException e) {
      throw fail(ErrorCode.BAD_COMPONENT, i, c, "field \"" + field + "\": " + e.reason());
    }
  }

  static Map<String, @Nullable Object> toPlain(Component c) {
    Object p = c.path().toPlain();
    if (c instanceof Component.ObjectInsert x) {
      return map(p, "oi", x.value());
    } else if (c instanceof Component.ObjectDelete x) {
      return map(p, "od", x.value());
    } else if (c instanceof Component.ObjectReplace x) {
      return new FrozenMap(new String[] {"p", "od", "oi"}, new Object[] {p, x.oldValue(), x.newValue()});
    } else if (c instanceof Component.ListInsert x) {
      return map(p, "li", x.value());
    } else if (c instanceof Component.ListDelete x) {
      return map(p, "ld", x.value());
    } else if (c instanceof Component.ListReplace x) {
      return new FrozenMap(new String[] {"p", "ld", "li"}, new Object[] {p, x.oldValue(), x.newValue()});
    } else if (c instanceof Component.ListMove x) {
      return map(p, "lm", (long) x.to());
    } else if (c instanceof Component.NumberAdd x) {
      return map(p, "na", x.amount());
    } else if (c instanceof Component.StringInsert x) {
      return map(p, "si", x.text());
    } else {
      return map(p, "sd", ((Component.StringDelete) c).text());
    }
  }

  private static FrozenMap map(Object p, String field, @Nullable Object value) {
    return new FrozenMap(new String[] {"p", field}, new Object[] {p, value});
  }

  static List<Object> toPlain(Op op) {
    List<Component> cs = op.components();
    Object[] out = new Object[cs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = toPlain(cs.get(i));
    }
    return new FrozenList(out);
  }

  static String text(Component c) {
    return JsonWriter.write(toPlain(c));
  }

}
