package org.personacollab.ot;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.ot.Component.ListDelete;
import org.personacollab.ot.Component.ListMove;
import org.personacollab.ot.Component.NumberAdd;
import org.personacollab.ot.Component.ObjectDelete;
import org.personacollab.ot.Component.ObjectReplace;
import org.personacollab.ot.Component.StringDelete;
import org.personacollab.ot.Component.StringInsert;

/**
 * json0's {@code append}: adds a component to the end of an op, merging it into the last one where
 * json0 does. compose, normalize and the transform all build their results through it, which is
 * why their outputs match ot-json0 component for component. The merge rules (spec.md, "Compose"):
 *
 * <ol>
 *   <li>two string edits of the same string merge when they touch (insert into or right after an
 *       insert; delete that covers the position of a previous delete); an empty si/sd after a
 *       string edit of the same string is dropped;
 *   <li>two na at the same path add up (a zero sum is kept);
 *   <li>an li followed by an ld of the same scalar at the same path cancels (of a replace, the
 *       ld half stays); json0 compares with {@code ===}, so inserted objects and lists never cancel;
 *   <li>od then oi at the same path become a replace; oi then od become nothing (or the od of a
 *       previous replace); oi then oi+od become one oi (or replace);
 *   <li>a move onto its own index right after a component at the same path is dropped.
 * </ol>
 */
final class Composer {
  private Composer() {}

  static Op compose(Op a, Op b) {
    List<Component> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a.components());
    for (Component c : b.components()) {
      append(out, c);
    }
    return new Op(out);
  }

  static Op normalize(Op op) {
    List<Component> out = new ArrayList<>(op.size());
    for (Component c : op.components()) {
      append(out, c);
    }
    return new Op(out);
  }

  static Op invert(Op op) {
    List<Component> cs = op.components();
    Component[] out = new Component[cs.size()];
    for (int i = 0; i < out.length; i++) {
      out[out.length - 1 - i] = invert(cs.get(i));
    }
    return new Op(List.of(out));
  }

  static Component invert(Component c) {
    Path p = c.path();
    if (c instanceof Component.ObjectInsert x) {
      return new ObjectDelete(p, x.value());
    } else if (c instanceof ObjectDelete x) {
      return new Component.ObjectInsert(p, x.value());
    } else if (c instanceof ObjectReplace x) {
      return new ObjectReplace(p, x.newValue(), x.oldValue());
    } else if (c instanceof Component.ListInsert x) {
      return new ListDelete(p, x.value());
    } else if (c instanceof ListDelete x) {
      return new Component.ListInsert(p, x.value());
    } else if (c instanceof Component.ListReplace x) {
      return new Component.ListReplace(p, x.newValue(), x.oldValue());
    } else if (c instanceof ListMove x) {
      return new ListMove(p.with(p.size() - 1, x.to()), (Integer) p.last());
    } else if (c instanceof NumberAdd x) {
      return new NumberAdd(p, Values.canonical(-x.amount().doubleValue()));
    } else if (c instanceof StringInsert x) {
      return new StringDelete(p, x.text());
    } else {
      return new StringInsert(p, ((StringDelete) c).text());
    }
  }

  private static boolean samePath(Path a, Path b) {
    return a.elements().equals(b.elements());
  }

  private static boolean sameStringPath(Path a, Path b) {
    int n = a.size();
    if (n != b.size()) {
      return false;
    }
    for (int i = 0; i < n - 1; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  static void append(List<Component> dest, Component c) {
    int n = dest.size();
    if (n == 0) {
      dest.add(c);
      return;
    }
    Component last = dest.get(n - 1);
    if (Kinds.isStr(c) && Kinds.isStr(last)) {
      if (!sameStringPath(c.path(), last.path())) {
        dest.add(c);
        return;
      }
      String ct = c instanceof StringInsert si ? si.text() : ((StringDelete) c).text();
      if (ct.isEmpty()) {
        return;
      }
      int lp = (Integer) last.path().last();
      int cp = (Integer) c.path().last();
      if (last instanceof StringInsert ls && c instanceof StringInsert && lp <= cp && cp <= lp + ls.text().length()) {
        dest.set(n - 1, new StringInsert(last.path(), inject(ls.text(), cp - lp, ct)));
      } else if (last instanceof StringDelete ld && c instanceof StringDelete && cp <= lp && lp <= cp + ct.length()) {
        dest.set(n - 1, new StringDelete(c.path(), inject(ct, lp - cp, ld.text())));
      } else {
        dest.add(c);
      }
      return;
    }
    if (!samePath(c.path(), last.path())) {
      dest.add(c);
      return;
    }
    if (last instanceof NumberAdd ln && c instanceof NumberAdd cn) {
      dest.set(n - 1, new NumberAdd(last.path(), Values.add(ln.amount(), cn.amount())));
    } else if (Kinds.hasLi(last) && !Kinds.hasLi(c) && Kinds.hasLd(c) && Values.sameScalar(Kinds.ld(c), Kinds.li(last))) {
      // an insert directly followed by its delete cancels out
      if (Kinds.hasLd(last)) {
        dest.set(n - 1, new ListDelete(last.path(), Kinds.ld(last)));
      } else {
        dest.remove(n - 1);
      }
    } else if (last instanceof ObjectDelete lo && c instanceof Component.ObjectInsert ci) {
      dest.set(n - 1, new ObjectReplace(last.path(), lo.value(), ci.value()));
    } else if (Kinds.hasOi(last) && Kinds.hasOd(c)) {
      if (Kinds.hasOi(c)) {
        dest.set(n - 1, Kinds.hasOd(last)
            ? new ObjectReplace(last.path(), Kinds.od(last), Kinds.oi(c))
            : new Component.ObjectInsert(last.path(), Kinds.oi(c)));
      } else if (Kinds.hasOd(last)) {
        dest.set(n - 1, new ObjectDelete(last.path(), Kinds.od(last)));
      } else {
        dest.remove(n - 1);
      }
    } else if (c instanceof ListMove m && c.path().last().equals(m.to())) {
      // a move to the same place is dropped
    } else {
      dest.add(c);
    }
  }

  private static String inject(String s, int at, String t) {
    return new StringBuilder(s.length() + t.length()).append(s, 0, at).append(t).append(s, at, s.length()).toString();
  }
}
