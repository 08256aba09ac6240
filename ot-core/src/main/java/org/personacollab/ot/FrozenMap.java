package org.personacollab.ot;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, insertion-ordered JSON object whose values are all frozen (see {@link Values}).
 * Keys and values sit in two arrays: copying one for a one-key change is two array copies, which
 * is what makes structural sharing in {@link Applier} cheap. Lookups scan the (usually short)
 * key array comparing cached hash codes first; objects with many keys get a hash index.
 */
final class FrozenMap extends AbstractMap<String, @Nullable Object> {
  static final FrozenMap EMPTY = new FrozenMap(new String[0], new Object[0]);
  private static final int INDEX_THRESHOLD = 12;

  private final String[] keys;
  private final @Nullable Object[] values;
  private final int[] hashes;
  private int @Nullable [] index; // open addressing over key positions, built lazily for big maps

  FrozenMap(String[] keys, @Nullable Object[] values) {
    this.keys = keys;
    this.values = values;
    this.hashes = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      hashes[i] = keys[i].hashCode();
    }
  }

  private FrozenMap(String[] keys, @Nullable Object[] values, int[] hashes) {
    this.keys = keys;
    this.values = values;
    this.hashes = hashes;
  }

  int indexOf(Object key) {
    if (!(key instanceof String k)) {
      return -1;
    }
    int h = k.hashCode();
    if (keys.length >= INDEX_THRESHOLD) {
      int[] idx = index;
      if (idx == null) {
        idx = buildIndex();
      }
      int mask = idx.length - 1;
      for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
        int pos = idx[slot] - 1;
        if (pos < 0) {
          return -1;
        }
        if (hashes[pos] == h && keys[pos].equals(k)) {
          return pos;
        }
      }
    }
    for (int i = 0; i < keys.length; i++) {
      if (hashes[i] == h && keys[i].equals(k)) {
        return i;
      }
    }
    return -1;
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }

  private int[] buildIndex() {
    int cap = Integer.highestOneBit(keys.length * 2 + 1) << 1;
    int[] idx = new int[cap];
    int mask = cap - 1;
    for (int i = 0; i < keys.length; i++) {
      int slot = mix(hashes[i]) & mask;
      while (idx[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      idx[slot] = i + 1;
    }
    index = idx;
    return idx;
  }

  int length() {
    return keys.length;
  }

  String keyAt(int i) {
    return keys[i];
  }

  @Nullable Object valueAt(int i) {
    return values[i];
  }

  /** A copy with key set to value (in place if present, else appended). */
  FrozenMap with(String key, @Nullable Object value) {
    int i = indexOf(key);
    if (i >= 0) {
      Object[] v = values.clone();
      v[i] = value;
      return new FrozenMap(keys, v, hashes);
    }
    int n = keys.length;
    String[] k = Arrays.copyOf(keys, n + 1);
    Object[] v = Arrays.copyOf(values, n + 1);
    int[] h = Arrays.copyOf(hashes, n + 1);
    k[n] = key;
    v[n] = value;
    h[n] = key.hashCode();
    return new FrozenMap(k, v, h);
  }

  /** A copy without the key at position i. */
  FrozenMap without(int i) {
    int n = keys.length;
    String[] k = new String[n - 1];
    Object[] v = new Object[n - 1];
    int[] h = new int[n - 1];
    System.arraycopy(keys, 0, k, 0, i);
    System.arraycopy(keys, i + 1, k, i, n - i - 1);
    System.arraycopy(values, 0, v, 0, i);
    System.arraycopy(values, i + 1, v, i, n - i - 1);
    System.arraycopy(hashes, 0, h, 0, i);
    System.arraycopy(hashes, i + 1, h, i, n - i - 1);
    return new FrozenMap(k, v, h);
  }

  @Override
  public @Nullable Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Entry<String, @Nullable Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, @Nullable Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, @Nullable Object> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
