package org.personacollab.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component.ListInsert;
import org.personacollab.ot.Component.ListMove;
import org.personacollab.ot.Component.ListReplace;
import org.personacollab.ot.Component.NumberAdd;
import org.personacollab.ot.Component.ObjectInsert;
import org.personacollab.ot.Component.ObjectReplace;
import org.personacollab.ot.Component.StringDelete;
import org.personacollab.ot.Component.StringInsert;

/**
 * The json0 transform: rewrites an op so that it applies after a concurrent op.
 *
 * <h2>Why transform at all</h2>
 *
 * Two people edit the same persona at the same time. Each edit is an op made against the version
 * its author saw; when it reaches the sequencer, other ops have already been applied. Sending it
 * through unchanged would insert at the wrong index, delete the wrong text, or fail. Transforming
 * {@code a} by {@code b} produces {@code a'}, "a as if it had been made after b", and the one law
 * that makes collaboration converge is TP1: {@code apply(apply(d, b), transform(a, b, LEFT))}
 * equals {@code apply(apply(d, a), transform(b, a, RIGHT))}. The sequencer and every client then
 * end with the same document whatever order the network delivered things in [1].
 *
 * <h2>Why exactly json0's rules</h2>
 *
 * Many transform functions satisfy TP1; they differ in who wins a conflict (two inserts at one
 * index, a replace against a delete). Our ops travel between the Java sequencer, Java clients and
 * browsers, and existing ShareDB tooling reads them, so every engine has to pick the same winner
 * every time. The reference is the npm package ot-json0 [2]: this class reproduces its results
 * component for component, quirks included (an lm onto its own index is kept unless it follows a
 * component at the same path; an insert-then-delete of an object does not cancel). The
 * differential test holds it to that. The rules, with worked examples, are spelled out in
 * spec.md; the code below is organised by the kind of the <em>other</em> component, as json0's is,
 * so the two can be read side by side.
 *
 * <h2>How</h2>
 *
 * <ol>
 *   <li><b>Components, not ops.</b> json0 transforms one component against another
 *       ({@link #component}) and lifts that to ops with the classic N×M grid ({@link #transformX}):
 *       the left op's components are pushed past each right component in turn, and the right
 *       component is pushed past them, possibly splitting (a text delete around an insert becomes
 *       two deletes) or vanishing (it edited something that was deleted) [3].
 *   <li><b>Where paths meet.</b> {@code commonLength(o, c)} is the depth of the container that
 *       {@code o} edits, if that container is on {@code c}'s path. Only then can {@code o} shift
 *       an index on c's path ({@code li}/{@code ld}/{@code lm}), remove c's target (a delete or
 *       replace of c's target or an ancestor), or collide with it (both write the same key or
 *       index). Everything else passes through untouched. A number add is one level deeper than
 *       its path (it acts inside the number), and a string edit's last element is an offset.
 *   <li><b>Deletes carry what they delete.</b> If {@code o} edits inside the value that {@code c}
 *       deletes, c's {@code od}/{@code ld} is rewritten to the edited value, so that c stays
 *       invertible and our strict apply (which checks deleted values) accepts it.
 *   <li><b>Ties.</b> Two inserts at one list index: the left one goes first. Two writes of one
 *       key, two replaces of one element, two moves of one element: the left one wins, the right
 *       one is dropped. Text inserts at one offset: the left one goes first.
 *   <li><b>Everything is a new value.</b> Components are immutable records; "c.p[i]++" in json0 is
 *       a new record here. Results share inserted values with the inputs, which is safe because
 *       those values are frozen.
 * </ol>
 *
 * <h2>What it does not do</h2>
 *
 * json0 does not satisfy TP2 (transforming against two concurrent ops in different orders may give
 * different results), so correctness depends on a single sequencer that totally orders ops, as
 * ShareDB and our sync-service have. Concurrent {@code lm} is the weakest spot: two moves of one
 * element keep only the left one, and a move races with inserts near its target (spec.md,
 * "Limitations").
 *
 * <p>References: [1] Ellis and Gibbs, "Concurrency control in groupware systems", SIGMOD 1989.
 * [2] https://github.com/ottypes/json0 (lib/json0.js, transformComponent). [3] the
 * bootstrapTransform helper of the ottypes libraries.
 */
final class Transformer {
  private static final int NONE = Integer.MIN_VALUE;

  private Transformer() {}

  static Op transform(Op op, Op other, Side side) {
    if (other.isEmpty()) {
      return op;
    }
    if (op.size() == 1 && other.size() == 1) {
      List<Component> dest = new ArrayList<>(2);
      component(dest, op.components().get(0), other.components().get(0), side);
      return new Op(dest);
    }
    List<List<Component>> pair = side == Side.LEFT
        ? transformX(op.components(), other.components())
        : transformX(other.components(), op.components());
    return new Op(pair.get(side == Side.LEFT ? 0 : 1));
  }

  /** Transforms left and right past each other (right wins ties); returns [left', right']. */
  private static List<List<Component>> transformX(List<Component> left, List<Component> right) {
    List<Component> newRight = new ArrayList<>(right.size());
    for (Component rc0 : right) {
      Component rc = rc0;
      List<Component> newLeft = new ArrayList<>(left.size());
      int k = 0;
      while (k < left.size()) {
        List<Component> next = new ArrayList<>(2);
        component(newLeft, left.get(k), rc, Side.LEFT);
        component(next, rc, left.get(k), Side.RIGHT);
        k++;
        if (next.size() == 1) {
          rc = next.get(0);
        } else if (next.isEmpty()) {
          for (int j = k; j < left.size(); j++) {
            Composer.append(newLeft, left.get(j));
          }
          rc = null;
          break;
        } else {
          List<List<Component>> pair = transformX(left.subList(k, left.size()), next);
          for (Component c : pair.get(0)) {
            Composer.append(newLeft, c);
          }
          for (Component c : pair.get(1)) {
            Composer.append(newRight, c);
          }
          rc = null;
          break;
        }
      }
      if (rc != null) {
        Composer.append(newRight, rc);
      }
      left = newLeft;
    }
    return List.of(left, newRight);
  }

  /**
   * Depth of the container that {@code a} edits if it lies on b's path; NONE if the paths part
   * before that; -1 when {@code a} replaces the root.
   */
  private static int commonLength(Component a, Component b) {
    int alen = Kinds.pathLength(a);
    int blen = Kinds.pathLength(b);
    if (alen == 0) {
      return -1;
    }
    if (blen == 0) {
      return NONE;
    }
    alen--;
    blen--;
    Path ap = a.path();
    Path bp = b.path();
    for (int i = 0; i < alen; i++) {
      if (i >= blen || !ap.get(i).equals(bp.get(i))) {
        return NONE;
      }
    }
    return alen;
  }

  /**
   * Two keys at one depth under one parent must agree on what the parent is; a string key against
   * an index means the ops were not made against the same document. (json0 would compare them
   * with JavaScript's coercions instead; spec.md, "Where we differ".)
   */
  private static void sameKind(@Nullable Object x, @Nullable Object y, Component c, Component o) {
    if (x != null && y != null && (x instanceof String) != (y instanceof String)) {
      throw new OtException(ErrorCode.TRANSFORM_CONFLICT,
          Kinds.describe(c) + " and " + Kinds.describe(o) + " disagree on whether a value is a list or an object");
    }
  }

  private static int index(@Nullable Object key) {
    return (Integer) Objects.requireNonNull(key);
  }

  /** Transforms component c past o (both against the same document) and appends the result to dest. */
  static void component(List<Component> dest, Component c0, Component o, Side side) {
    Component c = c0;
    final int common = commonLength(o, c);
    final int common2 = commonLength(c, o);
    final int cplen = Kinds.pathLength(c);
    final int oplen = Kinds.pathLength(o);

    // 1. If c deletes something that o changes inside, c must delete the changed value.
    if (common2 != NONE && oplen > cplen) {
      Object ck = c.path().at(common2);
      Object ok = o.path().at(common2);
      sameKind(ck, ok, c, o);
      if (Objects.equals(ck, ok) && (Kinds.hasLd(c) || Kinds.hasOd(c))) {
        Component inner = Kinds.withPath(o, o.path().drop(cplen));
        if (Kinds.hasLd(c)) {
          Object ld = Applier.applyComponent(Kinds.ld(c), inner, -1);
          c = c instanceof ListReplace r ? new ListReplace(c.path(), ld, r.newValue()) : new Component.ListDelete(c.path(), ld);
        } else {
          Object od = Applier.applyComponent(Kinds.od(c), inner, -1);
          c = c instanceof ObjectReplace r ? new ObjectReplace(c.path(), od, r.newValue()) : new Component.ObjectDelete(c.path(), od);
        }
      }
    }

    if (common == NONE) {
      Composer.append(dest, c);
      return;
    }
    final boolean commonOperand = cplen == oplen;
    final Object ck = c.path().at(common);
    final Object ok = o.path().at(common);
    sameKind(ck, ok, c, o);

    if (Kinds.isStr(c) && Kinds.isStr(o)) {
      // 2. Both edit the same string: text transform on UTF-16 offsets.
      if (c.path().size() != o.path().size()) {
        throw new OtException(ErrorCode.TRANSFORM_CONFLICT,
            Kinds.describe(c) + " and " + Kinds.describe(o) + " disagree on where a string is");
      }
      text(dest, c, o, side);
      return;
    }

    if (o instanceof NumberAdd) {
      // a number add changes nothing for anybody else
    } else if (o instanceof ListReplace olr) {
      // 3. o replaces a list element: what c did to it or inside it is lost, except that of two
      //    replaces the left one wins (and now replaces o's new element).
      if (Objects.equals(ok, ck)) {
        if (!commonOperand) {
          return;
        }
        if (Kinds.hasLd(c)) {
          if (c instanceof ListReplace clr && side == Side.LEFT) {
            c = new ListReplace(c.path(), olr.newValue(), clr.newValue());
          } else {
            return;
          }
        }
      }
    } else if (o instanceof ListInsert) {
      // 4. o inserts into a list: indexes at and after it shift up; of two inserts at one index
      //    the left goes first.
      int oi = index(ok);
      if (c instanceof ListInsert && commonOperand && Objects.equals(ck, ok)) {
        if (side == Side.RIGHT) {
          c = Kinds.withPath(c, c.path().with(common, index(ck) + 1));
        }
      } else if (ck instanceof Integer ci && oi <= ci) {
        c = Kinds.withPath(c, c.path().with(common, ci + 1));
      }
      if (c instanceof ListMove m && commonOperand && oi <= m.to()) {
        c = new ListMove(c.path(), m.to() + 1);
      }
    } else if (o instanceof Component.ListDelete) {
      // 5. o deletes a list element: later indexes shift down; whatever c did at or inside the
      //    deleted element is dropped, except that a replace becomes an insert.
      int od = index(ok);
      if (c instanceof ListMove m && commonOperand) {
        if (Objects.equals(ok, ck)) {
          return; // they deleted the element we move
        }
        int from = index(ck);
        int to = m.to();
        if (od < to || (od == to && from < to)) {
          c = new ListMove(c.path(), to - 1);
        }
      }
      if (ck instanceof Integer ci && od < ci) {
        c = Kinds.withPath(c, c.path().with(common, ci - 1));
      } else if (Objects.equals(ok, ck)) {
        if (oplen < cplen) {
          return; // we are inside the deleted element
        }
        if (Kinds.hasLd(c)) {
          if (!(c instanceof ListReplace r)) {
            return; // we both delete it
          }
          c = new ListInsert(c.path(), r.newValue()); // we replace what they delete: we insert
        }
      }
    } else if (o instanceof ListMove om) {
      c = moved(c, om, common, ck, cplen == oplen, side);
      if (c == null) {
        return;
      }
    } else if (o instanceof ObjectReplace oor) {
      // 6. o replaces a key: c's edits at or under it are lost; of two writes the left wins.
      if (Objects.equals(ck, ok)) {
        if (!Kinds.hasOi(c) || !commonOperand || side == Side.RIGHT) {
          return;
        }
        c = new ObjectReplace(c.path(), oor.newValue(), Kinds.oi(c));
      }
    } else if (o instanceof ObjectInsert ooi) {
      // 7. o adds a key: if c adds the same key, the left one wins and replaces o's value.
      if (Kinds.hasOi(c) && Objects.equals(ck, ok)) {
        if (side != Side.LEFT) {
          return;
        }
        Composer.append(dest, new Component.ObjectDelete(c.path(), ooi.value()));
      }
    } else if (o instanceof Component.ObjectDelete) {
      // 8. o removes a key: c's edits at or under it are lost; a write of the key becomes an insert.
      if (Objects.equals(ck, ok)) {
        if (!commonOperand || !Kinds.hasOi(c)) {
          return;
        }
        c = new ObjectInsert(c.path(), Kinds.oi(c));
      }
    }
    Composer.append(dest, c);
  }

  /** c past a move o of the list at depth {@code common}; null when c is dropped. */
  private static @Nullable Component moved(Component c, ListMove o, int common, @Nullable Object ck, boolean sameDepth, Side side) {
    int otherFrom = (Integer) o.path().last();
    int otherTo = o.to();
    if (c instanceof ListMove m && sameDepth) {
      // 9. move against move of the same list
      if (otherFrom == otherTo) {
        return c;
      }
      int from = index(ck);
      int to = m.to();
      int newFrom = from;
      int newTo = to;
      if (from == otherFrom) {
        // they moved our element: the left move wins, from where theirs put it
        if (side != Side.LEFT) {
          return null;
        }
        newFrom = otherTo;
        if (from == to) {
          newTo = otherTo;
        }
      } else {
        if (from > otherFrom) {
          newFrom--;
        }
        if (from > otherTo) {
          newFrom++;
        } else if (from == otherTo && otherFrom > otherTo) {
          newFrom++;
          if (from == to) {
            newTo++;
          }
        }
        if (to > otherFrom) {
          newTo--;
        } else if (to == otherFrom && to > from) {
          newTo--;
        }
        if (to > otherTo) {
          newTo++;
        } else if (to == otherTo) {
          if ((otherTo > otherFrom && to > from) || (otherTo < otherFrom && to < from)) {
            if (side == Side.RIGHT) {
              newTo++;
            }
          } else if (to > from) {
            newTo++;
          } else if (to == otherFrom) {
            newTo--;
          }
        }
      }
      return new ListMove(c.path().with(common, newFrom), newTo);
    }
    if (!(ck instanceof Integer p)) {
      return c;
    }
    int q = p;
    if (c instanceof ListInsert && sameDepth) {
      // 10. an insert keeps its place among the elements around it
      if (p > otherFrom) {
        q--;
      }
      if (p > otherTo) {
        q++;
      }
    } else if (p == otherFrom) {
      // 11. anything else that addresses the moved element (or is inside it) follows it
      q = otherTo;
    } else {
      if (p > otherFrom) {
        q--;
      }
      if (p > otherTo) {
        q++;
      } else if (p == otherTo && otherFrom > otherTo) {
        q++;
      }
    }
    return q == p ? c : Kinds.withPath(c, c.path().with(common, q));
  }

  // ---------------------------------------------------------------------------------------------
  // Text: json0 hands string edits of one string to the text0 type. Offsets are UTF-16 code units.

  private record Text(boolean insert, String s, int p) {}

  private static void text(List<Component> dest, Component c, Component o, Side side) {
    int last = c.path().size() - 1;
    int cp = (Integer) c.path().last();
    int op = (Integer) o.path().last();
    List<Text> out = new ArrayList<>(2);
    if (c instanceof StringInsert ci) {
      textAppend(out, new Text(true, ci.text(), shift(cp, o, op, side == Side.RIGHT)));
    } else if (o instanceof StringInsert oi) {
      // a delete around an insert splits in two, leaving the inserted text alone
      String s = ((StringDelete) c).text();
      if (cp < op) {
        int cut = Math.min(op - cp, s.length());
        textAppend(out, new Text(false, s.substring(0, cut), cp));
        s = s.substring(cut);
      }
      if (!s.isEmpty()) {
        textAppend(out, new Text(false, s, cp + oi.text().length()));
      }
    } else {
      String cd = ((StringDelete) c).text();
      String od = ((StringDelete) o).text();
      int cEnd = cp + cd.length();
      int oEnd = op + od.length();
      if (cp >= oEnd) {
        textAppend(out, new Text(false, cd, cp - od.length()));
      } else if (cEnd <= op) {
        textAppend(out, new Text(false, cd, cp));
      } else {
        // overlapping deletes: delete only what they did not
        StringBuilder d = new StringBuilder();
        if (cp < op) {
          d.append(cd, 0, op - cp);
        }
        if (cEnd > oEnd) {
          d.append(cd, oEnd - cp, cd.length());
        }
        int from = Math.max(cp, op);
        int to = Math.min(cEnd, oEnd);
        if (!cd.regionMatches(from - cp, od, from - op, to - from)) {
          throw new OtException(ErrorCode.TRANSFORM_CONFLICT,
              Kinds.describe(c) + " and " + Kinds.describe(o) + " delete different text in the same place");
        }
        if (d.length() > 0) {
          textAppend(out, new Text(false, d.toString(), shift(cp, o, op, false)));
        }
      }
    }
    for (Text t : out) {
      Path p = c.path().with(last, t.p());
      Composer.append(dest, t.insert() ? new StringInsert(p, t.s()) : new StringDelete(p, t.s()));
    }
  }

  /** Where offset pos ends up after the string edit o at offset op. */
  static int shift(int pos, Component o, int op, boolean insertAfter) {
    if (o instanceof StringInsert oi) {
      return op < pos || (op == pos && insertAfter) ? pos + oi.text().length() : pos;
    }
    int len = ((StringDelete) o).text().length();
    if (pos <= op) {
      return pos;
    }
    if (pos <= op + len) {
      return op;
    }
    return pos - len;
  }

  private static void textAppend(List<Text> out, Text t) {
    if (t.s().isEmpty()) {
      return;
    }
    int n = out.size();
    if (n == 0) {
      out.add(t);
      return;
    }
    Text last = out.get(n - 1);
    if (last.insert() && t.insert() && last.p() <= t.p() && t.p() <= last.p() + last.s().length()) {
      out.set(n - 1, new Text(true, inject(last.s(), t.p() - last.p(), t.s()), last.p()));
    } else if (!last.insert() && !t.insert() && t.p() <= last.p() && last.p() <= t.p() + t.s().length()) {
      out.set(n - 1, new Text(false, inject(t.s(), last.p() - t.p(), last.s()), t.p()));
    } else {
      out.add(t);
    }
  }

  private static String inject(String s, int at, String t) {
    return new StringBuilder(s.length() + t.length()).append(s, 0, at).append(t).append(s, at, s.length()).toString();
  }
}
