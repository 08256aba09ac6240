package org.personacollab.ot;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component.ListDelete;
import org.personacollab.ot.Component.ListInsert;
import org.personacollab.ot.Component.ListMove;
import org.personacollab.ot.Component.ListReplace;
import org.personacollab.ot.Component.NumberAdd;

/**
 * The json0 OT type: the entry point of the engine. Results equal those of the npm package
 * {@code ot-json0} for every valid input; where json0 silently accepts an op that does not fit the
 * document, this engine rejects it with an {@link OtException} (spec.md, "Where we differ").
 *
 * <p>Documents are plain JSON values (see {@link JsonCodec}). No method mutates its arguments.
 * Returned documents are immutable and share unchanged sub-trees with the input and with the op,
 * so applying an op costs in proportion to the depth of its paths, not to the document's size.
 *
 * <pre>{@code
 * Object doc = JsonCodec.parse("{\"goals\":[\"Ship\"]}");
 * Op mine = Op.parse("[{\"p\":[\"goals\",0],\"li\":\"Plan\"}]");
 * Op theirs = Op.parse("[{\"p\":[\"goals\",0],\"li\":\"Test\"}]");
 * // the sequencer applied theirs first: mine goes after it
 * Object next = Json0.apply(Json0.apply(doc, theirs), Json0.transform(mine, theirs, Side.LEFT));
 * }</pre>
 */
public final class Json0 {
  private Json0() {}

  /**
   * Applies op to doc and returns the new document. Atomic: on error nothing is applied and the
   * exception names the component (its index and instruction) and the reason.
   *
   * @throws OtException {@link ErrorCode#MISSING_KEY}, {@link ErrorCode#INDEX_OUT_OF_RANGE},
   *     {@link ErrorCode#TYPE_MISMATCH}, {@link ErrorCode#VALUE_MISMATCH}, {@link ErrorCode#KEY_EXISTS},
   *     {@link ErrorCode#BAD_PATH} or {@link ErrorCode#BAD_NUMBER} when the op does not apply
   */
  public static @Nullable Object apply(@Nullable Object doc, Op op) {
    return Applier.apply(doc, op);
  }

  /** {@link #apply} returning a result instead of throwing. */
  public static OtResult<@Nullable Object> tryApply(@Nullable Object doc, Op op) {
    try {
      return new OtResult.Ok<>(Applier.apply(doc, op));
    } catch (OtException e) {
      return new OtResult.Failed<>(e);
    }
  }

  /**
   * Transforms op so that it applies after other, both made against the same document; side
   * breaks ties (see {@link Side}). TP1 holds: {@code apply(apply(d, a), transform(b, a, RIGHT))}
   * equals {@code apply(apply(d, b), transform(a, b, LEFT))}.
   *
   * @throws OtException {@link ErrorCode#TRANSFORM_CONFLICT} when the two ops cannot have been made
   *     against one document (e.g. they delete different text in the same place), or the error of
   *     applying other's edit to a value that op deletes
   */
  public static Op transform(Op op, Op other, Side side) {
    return Transformer.transform(op, other, side);
  }

  /** {@link #transform} returning a result instead of throwing. */
  public static OtResult<Op> tryTransform(Op op, Op other, Side side) {
    try {
      return new OtResult.Ok<>(Transformer.transform(op, other, side));
    } catch (OtException e) {
      return new OtResult.Failed<>(e);
    }
  }

  /** The op with the effect of a then b: {@code apply(d, compose(a, b))} equals {@code apply(apply(d, a), b)}. */
  public static Op compose(Op a, Op b) {
    return Composer.compose(a, b);
  }

  /** The op that undoes op: {@code apply(apply(d, op), invert(op))} equals d. */
  public static Op invert(Op op) {
    return Composer.invert(op);
  }

  /** op with adjacent components merged as json0 merges them (spec.md, "Compose"); same effect. */
  public static Op normalize(Op op) {
    return Composer.normalize(op);
  }

  /**
   * Moves a caret (a UTF-16 offset in the string at path) through op, for showing remote carets.
   * List inserts, deletes and moves shift the path; string edits of that string shift the offset
   * (text inserted exactly at the caret goes after it: the caret stays put). Empty when op deletes
   * or replaces the string or anything containing it.
   */
  public static Optional<Position> transformPosition(Path path, int offset, Op op) {
    return transformPosition(new Position(path, offset), op, false);
  }

  /**
   * {@link #transformPosition(Path, int, Op)} for a position; with stickAfter, text inserted
   * exactly at the caret goes before it (use it for the author's own caret).
   */
  public static Optional<Position> transformPosition(Position position, Op op, boolean stickAfter) {
    List<Object> p = new java.util.ArrayList<>(position.path().elements());
    int off = position.offset();
    for (Component c : op.components()) {
      Path cp = c.path();
      int n = cp.size();
      if (Kinds.isStr(c)) {
        if (n - 1 == p.size() && prefix(cp, p, n - 1)) {
          off = Transformer.shift(off, c, (Integer) cp.last(), stickAfter);
        }
        continue;
      }
      if (c instanceof NumberAdd || n > p.size() || !prefix(cp, p, n - 1)) {
        continue;
      }
      if (n == 0) {
        return Optional.empty(); // the root was replaced
      }
      Object key = cp.last();
      Object mine = p.get(n - 1);
      if (Kinds.hasOi(c) || Kinds.hasOd(c)) {
        if (key.equals(mine)) {
          return Optional.empty();
        }
      } else if (!(mine instanceof Integer m)) {
        continue;
      } else if (c instanceof ListMove lm) {
        int from = (Integer) key;
        int q = m;
        if (m == from) {
          q = lm.to();
        } else {
          if (m > from) {
            q--;
          }
          if (m > lm.to()) {
            q++;
          } else if (m == lm.to() && from > lm.to()) {
            q++;
          }
        }
        p.set(n - 1, q);
      } else if (c instanceof ListDelete || c instanceof ListReplace) {
        if (key.equals(mine)) {
          return Optional.empty();
        }
        if (c instanceof ListDelete && (Integer) key < m) {
          p.set(n - 1, m - 1);
        }
      } else if (c instanceof ListInsert && (Integer) key <= m) {
        p.set(n - 1, m + 1);
      }
    }
    return Optional.of(new Position(new Path(p), off));
  }

  private static boolean prefix(Path cp, List<Object> p, int n) {
    for (int j = 0; j < n; j++) {
      if (!cp.get(j).equals(p.get(j))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A replace of the value at path with value, made against doc: the {@code oi+od} or
   * {@code li+ld} json0 needs, or an {@code oi} when the key is new. This is how a plain "set
   * this field" edit (the gateway's {@code edit} sugar) becomes an op that our strict apply and
   * invert accept.
   *
   * @throws OtException when path's parent does not exist in doc
   */
  public static Op replace(@Nullable Object doc, Path path, @Nullable Object value) {
    Object root = Values.freeze(doc);
    if (path.isRoot()) {
      return Op.of(new Component.ObjectReplace(path, root, value));
    }
    Object parent = root;
    for (int j = 0; j < path.size() - 1; j++) {
      Object key = path.get(j);
      if (parent instanceof FrozenMap m && key instanceof String k && m.containsKey(k)) {
        parent = m.get(k);
      } else if (parent instanceof FrozenList l && key instanceof Integer i && i < l.size()) {
        parent = l.get(i);
      } else {
        throw new OtException(ErrorCode.MISSING_KEY, "nothing at " + new Path(path.elements().subList(0, j + 1)) + " in the document");
      }
    }
    Object key = path.last();
    if (parent instanceof FrozenMap m && key instanceof String k) {
      return Op.of(m.containsKey(k) ? new Component.ObjectReplace(path, m.get(k), value) : new Component.ObjectInsert(path, value));
    }
    if (parent instanceof FrozenList l && key instanceof Integer i && i < l.size()) {
      return Op.of(new ListReplace(path, l.get(i), value));
    }
    throw new OtException(ErrorCode.TYPE_MISMATCH, "cannot set " + path + ": the parent is a " + Values.typeName(parent));
  }
}
