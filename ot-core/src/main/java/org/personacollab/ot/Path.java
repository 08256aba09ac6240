package org.personacollab.ot;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A json0 path: object keys ({@code String}) and list indexes or string offsets (non-negative
 * {@code Integer}) from the document root. {@code ["goals", 2]} is the third goal;
 * {@code ["name", 5]} with {@code si} is offset 5 in the name. Invalid: {@code ["goals", -1]},
 * {@code [1.5]}, {@code [null]}.
 *
 * @param elements immutable list of String and Integer elements
 */
public record Path(List<Object> elements) {
  static final Path ROOT = new Path(List.of());

  public Path {
    Object[] a = elements.toArray();
    for (int i = 0; i < a.length; i++) {
      a[i] = element(a[i], i);
    }
    elements = List.of(a);
  }

  private Path(Object[] trusted, boolean unused) {
    this(List.of(trusted));
  }

  /** A path from keys and indexes: {@code Path.of("goals", 2)}. Longs and integral numbers are accepted. */
  public static Path of(Object... elements) {
    return new Path(List.of(elements));
  }

  private static Object element(@Nullable Object e, int i) {
    if (e instanceof String || (e instanceof Integer n && n >= 0)) {
      return e;
    }
    if (e instanceof Number n && !(e instanceof Double || e instanceof Float)) {
      long v = n.longValue();
      if (v >= 0 && v <= Integer.MAX_VALUE) {
        return (int) v;
      }
    }
    if (e instanceof Double || e instanceof Float) {
      double d = ((Number) e).doubleValue();
      if (d >= 0 && d == Math.rint(d) && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw new OtException(ErrorCode.BAD_PATH,
        "path element " + i + " must be a string key or a non-negative integer, not " + Values.abbrev(e));
  }

  /** Number of elements. */
  public int size() {
    return elements.size();
  }

  /** Element i. */
  public Object get(int i) {
    return elements.get(i);
  }

  /** The last element; the path must not be empty. */
  public Object last() {
    return elements.get(elements.size() - 1);
  }

  /** True for the document root, {@code []}. */
  public boolean isRoot() {
    return elements.isEmpty();
  }

  /** This path without its last element. */
  public Path parent() {
    return new Path(elements.subList(0, elements.size() - 1));
  }

  /** This path with one more element. */
  public Path child(Object element) {
    List<Object> l = new ArrayList<>(elements.size() + 1);
    l.addAll(elements);
    l.add(element);
    return new Path(l);
  }

  /** True if this path is a prefix of (or equal to) other. */
  public boolean isPrefixOf(Path other) {
    int n = elements.size();
    if (n > other.elements.size()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!elements.get(i).equals(other.elements.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The element at i, or null when i is outside the path (JavaScript's {@code p[i]} being undefined). */
  @Nullable Object at(int i) {
    return i >= 0 && i < elements.size() ? elements.get(i) : null;
  }

  /** A copy with element i replaced. */
  Path with(int i, Object element) {
    Object[] a = elements.toArray();
    a[i] = element;
    return new Path(a, true);
  }

  /** The elements from index {@code from} on. */
  Path drop(int from) {
    return new Path(elements.subList(from, elements.size()));
  }

  /** The plain form: a List of String and Long, as the JSON codec produces. */
  List<Object> toPlain() {
    Object[] a = new Object[elements.size()];
    for (int i = 0; i < a.length; i++) {
      Object e = elements.get(i);
      a[i] = e instanceof Integer n ? (Object) (long) n : e;
    }
    return new FrozenList(a);
  }

  /** JSON text, e.g. {@code ["goals",2]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object e = elements.get(i);
      if (e instanceof String s) {
        JsonWriter.string(sb, s);
      } else {
        sb.append(e);
      }
    }
    return sb.append(']').toString();
  }
}
