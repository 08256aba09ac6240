package org.personacollab.cli.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;

/**
 * The json0 op for a field command, made against the document as it is now (the client calls
 * these under its lock through {@code submitWith}, so no remote change slips in between):
 *
 * <table>
 *   <caption>commands and the ops they become</caption>
 *   <tr><th>command</th><th>target</th><th>op</th></tr>
 *   <tr><td>{@code set p v}</td><td>key present / absent</td><td>{@code {p, od: old, oi: v}} / {@code {p, oi: v}}</td></tr>
 *   <tr><td>{@code set p v}</td><td>list index &lt; size / = size</td><td>{@code {p, ld: old, li: v}} / {@code {p, li: v}}</td></tr>
 *   <tr><td>{@code set a.b.c v}</td><td>{@code a.b} missing</td><td>{@code {p: [a, b], oi: {c: v}}}</td></tr>
 *   <tr><td>{@code add p v}</td><td>a list / missing</td><td>{@code {p + [size], li: v}} / as {@code set p [v]}</td></tr>
 *   <tr><td>{@code unset p}</td><td>key / list item</td><td>{@code {p, od: old}} / {@code {p, ld: old}}</td></tr>
 * </table>
 *
 * Refused with an {@link EditException} that says why, before anything is sent: walking through a
 * text, number or boolean; an index out of range; a list index inside a field that does not exist;
 * {@code add} to something that is not a list; {@code unset} of nothing.
 */
final class FieldEdits {
  private FieldEdits() {}

  /** Sets the value at {@code path}, creating missing objects on the way. */
  static Op set(@Nullable Object doc, List<Object> path, @Nullable Object value) {
    if (path.isEmpty()) {
      throw new EditException("give a field, e.g. demographics.age");
    }
    Object node = requireDocument(doc);
    List<Object> at = new ArrayList<>();
    for (int i = 0; i < path.size() - 1; i++) {
      Object seg = path.get(i);
      if (node instanceof Map<?, ?> map) {
        String key = seg.toString();
        at.add(key);
        if (!map.containsKey(key)) {
          return Op.of(new Component.ObjectInsert(new Path(at), nest(path, i + 1, value)));
        }
        node = map.get(key);
      } else if (node instanceof List<?> list) {
        int index = index(list, seg, path, i, false);
        at.add(index);
        node = list.get(index);
      } else {
        throw notAContainer(path, i, node);
      }
    }
    Object last = path.get(path.size() - 1);
    if (node instanceof Map<?, ?> map) {
      String key = last.toString();
      at.add(key);
      Path p = new Path(at);
      return map.containsKey(key)
          ? Op.of(new Component.ObjectReplace(p, map.get(key), value))
          : Op.of(new Component.ObjectInsert(p, value));
    }
    if (node instanceof List<?> list) {
      int index = index(list, last, path, path.size() - 1, true);
      at.add(index);
      Path p = new Path(at);
      return index == list.size()
          ? Op.of(new Component.ListInsert(p, value))
          : Op.of(new Component.ListReplace(p, list.get(index), value));
    }
    throw notAContainer(path, path.size() - 1, node);
  }

  /** Appends {@code value} to the list at {@code path}; a missing list is created holding it. */
  static Op add(@Nullable Object doc, List<Object> path, @Nullable Object value) {
    Optional<Found> found = find(requireDocument(doc), path);
    if (found.isEmpty()) {
      List<Object> single = new ArrayList<>();
      single.add(value);
      return set(doc, path, single);
    }
    if (!(found.get().value() instanceof List<?> list)) {
      throw new EditException(FieldPath.render(path) + " is " + describe(found.get().value()) + ", not a list; use set");
    }
    List<Object> at = new ArrayList<>(found.get().at());
    at.add(list.size());
    return Op.of(new Component.ListInsert(new Path(at), value));
  }

  /** Removes the field or list item at {@code path}. */
  static Op unset(@Nullable Object doc, List<Object> path) {
    Found found = find(requireDocument(doc), path)
        .orElseThrow(() -> new EditException("there is nothing at " + FieldPath.render(path)));
    Path p = new Path(found.at());
    return found.at().get(found.at().size() - 1) instanceof Integer
        ? Op.of(new Component.ListDelete(p, found.value()))
        : Op.of(new Component.ObjectDelete(p, found.value()));
  }

  /** What is at {@code path}, if anything (for {@code show}). */
  static Optional<Found> lookup(@Nullable Object doc, List<Object> path) {
    return doc == null ? Optional.empty() : find(doc, path);
  }

  /** A value found in the document, and its json0 path. */
  record Found(List<Object> at, @Nullable Object value) {}

  /** Walks an existing path; empty if some segment is not there. Refuses walking through scalars. */
  private static Optional<Found> find(Object doc, List<Object> path) {
    Object node = doc;
    List<Object> at = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      Object seg = path.get(i);
      if (node instanceof Map<?, ?> map) {
        String key = seg.toString();
        if (!map.containsKey(key)) {
          return Optional.empty();
        }
        at.add(key);
        node = map.get(key);
      } else if (node instanceof List<?> list) {
        int index = index(list, seg, path, i, false);
        at.add(index);
        node = list.get(index);
      } else {
        throw notAContainer(path, i, node);
      }
    }
    return Optional.of(new Found(at, node));
  }

  /** {@code {c: value}} for the missing tail {@code path[from..]} = {@code [c]}; indexes cannot be made up. */
  private static Object nest(List<Object> path, int from, @Nullable Object value) {
    Object node = value;
    for (int i = path.size() - 1; i >= from; i--) {
      Object seg = path.get(i);
      if (seg instanceof Integer || seg.toString().matches("\\d+")) {
        throw new EditException(FieldPath.render(path.subList(0, i)) + " does not exist, so it has no item " + seg
            + "; create the list first with: add " + FieldPath.render(path.subList(0, i)) + " VALUE");
      }
      Map<String, @Nullable Object> parent = new LinkedHashMap<>();
      parent.put(seg.toString(), node);
      node = parent;
    }
    return node;
  }

  private static int index(List<?> list, Object seg, List<Object> path, int i, boolean allowAppend) {
    int index;
    if (seg instanceof Integer n) {
      index = n;
    } else if (seg.toString().matches("\\d{1,9}")) {
      index = Integer.parseInt(seg.toString());
    } else {
      throw new EditException(FieldPath.render(path.subList(0, i)) + " is a list: address its items by number,"
          + " e.g. " + FieldPath.render(path.subList(0, i)) + "[0]");
    }
    int max = allowAppend ? list.size() : list.size() - 1;
    if (index > max) {
      throw new EditException(FieldPath.render(path.subList(0, i)) + " has " + list.size()
          + (list.size() == 1 ? " item" : " items") + "; there is no item " + index
          + (allowAppend ? " (" + list.size() + " appends)" : ""));
    }
    return index;
  }

  private static Object requireDocument(@Nullable Object doc) {
    if (!(doc instanceof Map)) {
      throw new EditException("the persona is " + describe(doc) + ", not an object; fields cannot be edited");
    }
    return doc;
  }

  private static EditException notAContainer(List<Object> path, int i, @Nullable Object node) {
    return new EditException(FieldPath.render(path.subList(0, i)) + " is " + describe(node) + ", so "
        + FieldPath.render(path) + " cannot be reached");
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "a text";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof List) {
      return "a list";
    }
    return "an object";
  }
}
