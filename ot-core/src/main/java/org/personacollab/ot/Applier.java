package org.personacollab.ot;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component.ListDelete;
import org.personacollab.ot.Component.ListInsert;
import org.personacollab.ot.Component.ListMove;
import org.personacollab.ot.Component.ListReplace;
import org.personacollab.ot.Component.NumberAdd;
import org.personacollab.ot.Component.ObjectDelete;
import org.personacollab.ot.Component.ObjectInsert;
import org.personacollab.ot.Component.ObjectReplace;
import org.personacollab.ot.Component.StringDelete;
import org.personacollab.ot.Component.StringInsert;

/**
 * Applies ops to frozen documents by path copying: a component copies only the containers on its
 * path (each one array copy, see {@link FrozenMap}) and shares everything else with the input.
 * Because nothing is ever written into an existing container, an error part-way through an op
 * leaves no trace: the caller still holds the untouched input, which is the atomicity guarantee.
 *
 * <p>Unlike ot-json0, which trusts the op, every component is checked against the document
 * (spec.md, "Where we differ"): keys and indexes must exist, deleted values must match, an insert
 * may not overwrite.
 */
final class Applier {
  private Applier() {}

  static @Nullable Object apply(@Nullable Object doc, Op op) {
    Object root = Values.freeze(doc);
    List<Component> cs = op.components();
    for (int i = 0; i < cs.size(); i++) {
      root = applyComponent(root, cs.get(i), i);
    }
    return root;
  }

  static OtException fail(ErrorCode code, int i, Component c, String why) {
    String where = i >= 0 ? "component " + i + " (" + Kinds.describe(c) + "): " : "";
    return new OtException(code, where + why, i);
  }

  /** Applies c (component number i of its op) to the frozen root and returns the new root. */
  static @Nullable Object applyComponent(@Nullable Object root, Component c, int i) {
    Path p = c.path();
    boolean str = Kinds.isStr(c);
    // The slot the component changes is parent[key], with parent at p[0 .. n-1): for li/ld/lm the
    // parent is the list itself; for si/sd the last element is an offset, so the slot holds the
    // string; for na the slot holds the number; n == 0 makes the document root the slot.
    int n = str ? p.size() - 1 : p.size();
    if (n == 0) {
      return changeSlot(root, c, i, true);
    }
    Object[] chain = new Object[n];
    Object node = root;
    for (int j = 0; j < n - 1; j++) {
      chain[j] = node;
      node = child(node, p.get(j), i, c, j);
    }
    chain[n - 1] = node;
    Object updated = changeParent(node, p.get(n - 1), c, i);
    for (int j = n - 2; j >= 0; j--) {
      Object container = chain[j];
      updated = container instanceof FrozenList l
          ? l.with((Integer) p.get(j), updated)
          : ((FrozenMap) container).with((String) p.get(j), updated);
    }
    return updated;
  }

  private static @Nullable Object child(@Nullable Object node, Object key, int i, Component c, int j) {
    if (node instanceof FrozenList l) {
      if (!(key instanceof Integer k)) {
        throw fail(ErrorCode.BAD_PATH, i, c, "path element " + j + " (\"" + key + "\") is a key but the value there is a list");
      }
      if (k >= l.size()) {
        throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "path element " + j + ": index " + k + " is past the end of a list of length " + l.size());
      }
      return l.get(k);
    }
    if (node instanceof FrozenMap m) {
      if (!(key instanceof String k)) {
        throw fail(ErrorCode.BAD_PATH, i, c, "path element " + j + " (" + key + ") is an index but the value there is an object");
      }
      int at = m.indexOf(k);
      if (at < 0) {
        throw fail(ErrorCode.MISSING_KEY, i, c, "path element " + j + ": no key " + Values.abbrev(k));
      }
      return m.valueAt(at);
    }
    throw fail(ErrorCode.TYPE_MISMATCH, i, c, "path element " + j + " (" + Values.abbrev(key) + ") descends into a " + Values.typeName(node));
  }

  private static Object changeParent(@Nullable Object parent, Object key, Component c, int i) {
    if (c instanceof ListInsert || c instanceof ListDelete || c instanceof ListReplace || c instanceof ListMove) {
      if (!(parent instanceof FrozenList list)) {
        throw fail(ErrorCode.TYPE_MISMATCH, i, c, "the value at the parent path is a " + Values.typeName(parent) + ", not a list");
      }
      int k = (Integer) key;
      int len = list.size();
      if (c instanceof ListMove m) {
        if (k >= len) {
          throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "move source " + k + " is outside a list of length " + len);
        }
        if (m.to() >= len) {
          throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "move target " + m.to() + " is outside a list of length " + len);
        }
        return m.to() == k ? list : list.moving(k, m.to());
      }
      if (c instanceof ListInsert ins) {
        if (k > len) {
          throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "insert index " + k + " is past the end of a list of length " + len);
        }
        return list.inserting(k, ins.value());
      }
      if (k >= len) {
        throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "index " + k + " is past the end of a list of length " + len);
      }
      Object old = Kinds.ld(c);
      if (!Values.matches(old, list.get(k))) {
        throw fail(ErrorCode.VALUE_MISMATCH, i, c, "ld " + Values.abbrev(old) + " does not match the element there, " + Values.abbrev(list.get(k)));
      }
      return c instanceof ListReplace r ? list.with(k, r.newValue()) : list.removing(k);
    }
    if (c instanceof ObjectInsert || c instanceof ObjectDelete || c instanceof ObjectReplace) {
      if (!(parent instanceof FrozenMap map)) {
        throw fail(ErrorCode.TYPE_MISMATCH, i, c, "the value at the parent path is a " + Values.typeName(parent) + ", not an object");
      }
      String k = (String) key;
      int at = map.indexOf(k);
      if (Kinds.hasOd(c)) {
        if (at < 0) {
          throw fail(ErrorCode.MISSING_KEY, i, c, "no key " + Values.abbrev(k) + " to delete");
        }
        Object old = Kinds.od(c);
        if (!Values.matches(old, map.valueAt(at))) {
          throw fail(ErrorCode.VALUE_MISMATCH, i, c, "od " + Values.abbrev(old) + " does not match the value there, " + Values.abbrev(map.valueAt(at)));
        }
      } else if (at >= 0) {
        throw fail(ErrorCode.KEY_EXISTS, i, c, "key " + Values.abbrev(k) + " already exists (use oi+od to replace it)");
      }
      return Kinds.hasOi(c) ? map.with(k, Kinds.oi(c)) : map.without(at);
    }
    // na, si, sd change the value in the slot
    if (parent instanceof FrozenList list) {
      if (!(key instanceof Integer k)) {
        throw fail(ErrorCode.BAD_PATH, i, c, Values.abbrev(key) + " is a key but the value there is a list");
      }
      if (k >= list.size()) {
        throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "index " + k + " is past the end of a list of length " + list.size());
      }
      return list.with(k, changeSlot(list.get(k), c, i, false));
    }
    if (parent instanceof FrozenMap map) {
      if (!(key instanceof String k)) {
        throw fail(ErrorCode.BAD_PATH, i, c, key + " is an index but the value there is an object");
      }
      int at = map.indexOf(k);
      if (at < 0) {
        throw fail(ErrorCode.MISSING_KEY, i, c, "no key " + Values.abbrev(k));
      }
      return map.with(k, changeSlot(map.valueAt(at), c, i, false));
    }
    throw fail(ErrorCode.TYPE_MISMATCH, i, c, "the path descends into a " + Values.typeName(parent));
  }

  /** Applies na/si/sd to the value in a slot, or oi+od when the slot is the document root. */
  private static @Nullable Object changeSlot(@Nullable Object value, Component c, int i, boolean root) {
    if (c instanceof NumberAdd na) {
      if (!(value instanceof Number x)) {
        throw fail(ErrorCode.TYPE_MISMATCH, i, c, "na needs a number, found " + Values.typeName(value));
      }
      try {
        return Values.add(Values.number(x), na.amount());
      } catch (OtException e) {
        throw fail(ErrorCode.BAD_NUMBER, i, c, Values.abbrev(x) + " + " + Values.abbrev(na.amount()) + " is not a finite number");
      }
    }
    if (c instanceof StringInsert || c instanceof StringDelete) {
      if (!(value instanceof String s)) {
        throw fail(ErrorCode.TYPE_MISMATCH, i, c, (c instanceof StringInsert ? "si" : "sd") + " needs a string, found " + Values.typeName(value));
      }
      int off = (Integer) c.path().last();
      if (c instanceof StringInsert si) {
        if (off > s.length()) {
          throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "offset " + off + " is past the end of a string of length " + s.length());
        }
        return new StringBuilder(s.length() + si.text().length()).append(s, 0, off).append(si.text()).append(s, off, s.length()).toString();
      }
      String text = ((StringDelete) c).text();
      int end = off + text.length();
      if (end > s.length()) {
        throw fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, "deleting " + text.length() + " at " + off + " runs past the end of a string of length " + s.length());
      }
      if (!s.regionMatches(off, text, 0, text.length())) {
        throw fail(ErrorCode.VALUE_MISMATCH, i, c, "sd " + Values.abbrev(text) + " does not match the text there, " + Values.abbrev(s.substring(off, end)));
      }
      return new StringBuilder(s.length() - text.length()).append(s, 0, off).append(s, end, s.length()).toString();
    }
    if (root) {
      // oi/od at the root: the root always exists, so only a replace (oi+od) applies
      if (!Kinds.hasOd(c)) {
        throw fail(ErrorCode.KEY_EXISTS, i, c, "the document root always exists (use oi+od to replace it)");
      }
      if (!Values.matches(Kinds.od(c), value)) {
        throw fail(ErrorCode.VALUE_MISMATCH, i, c, "od " + Values.abbrev(Kinds.od(c)) + " does not match the document, " + Values.abbrev(value));
      }
      return Kinds.oi(c);
    }
    throw new IllegalStateException("unreachable: " + c);
  }
}
