package org.personacollab.ot;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/** An immutable JSON list whose elements are all frozen (see {@link Values}), with copy-on-write edits. */
final class FrozenList extends AbstractList<@Nullable Object> implements RandomAccess {
  static final FrozenList EMPTY = new FrozenList(new Object[0]);

  private final @Nullable Object[] items;

  FrozenList(@Nullable Object[] items) {
    this.items = items;
  }

  @Override
  public @Nullable Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }

  FrozenList with(int i, @Nullable Object value) {
    Object[] a = items.clone();
    a[i] = value;
    return new FrozenList(a);
  }

  FrozenList inserting(int i, @Nullable Object value) {
    int n = items.length;
    Object[] a = new Object[n + 1];
    System.arraycopy(items, 0, a, 0, i);
    a[i] = value;
    System.arraycopy(items, i, a, i + 1, n - i);
    return new FrozenList(a);
  }

  FrozenList removing(int i) {
    int n = items.length;
    Object[] a = new Object[n - 1];
    System.arraycopy(items, 0, a, 0, i);
    System.arraycopy(items, i + 1, a, i, n - i - 1);
    return new FrozenList(a);
  }

  FrozenList moving(int from, int to) {
    Object[] a = items.clone();
    Object e = a[from];
    if (from < to) {
      System.arraycopy(a, from + 1, a, from, to - from);
    } else {
      System.arraycopy(a, to, a, to + 1, from - to);
    }
    a[to] = e;
    return new FrozenList(a);
  }
}
