package org.personacollab.sync.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import org.personacollab.protocol.ErrorCode;

/**
 * Turns a field edit ({@code path = value}, the seed's last-write-wins event) into the json0 op
 * that does it to the document as it is now:
 *
 * <table>
 *   <caption>targets and the json0 components they become</caption>
 *   <tr><th>target</th><th>value</th><th>op</th></tr>
 *   <tr><td>object key, present</td><td>v</td><td>{@code {p, od: old, oi: v}}</td></tr>
 *   <tr><td>object key, absent</td><td>v</td><td>{@code {p, oi: v}}</td></tr>
 *   <tr><td>object key, present</td><td>null</td><td>{@code {p, od: old}}</td></tr>
 *   <tr><td>list index &lt; size</td><td>v</td><td>{@code {p, ld: old, li: v}}</td></tr>
 *   <tr><td>list index = size</td><td>v</td><td>{@code {p, li: v}} (append)</td></tr>
 *   <tr><td>list index &lt; size</td><td>null</td><td>{@code {p, ld: old}}</td></tr>
 *   <tr><td>missing parents</td><td>v</td><td>{@code {p: first missing, oi: nested objects}}</td></tr>
 *   <tr><td>the root ({@code []})</td><td>object</td><td>{@code {p: [], od: old, oi: v}}</td></tr>
 * </table>
 *
 * Removing what is not there is the empty op (still sequenced, so the sender gets its ack). A
 * path segment is a list index when the container is a list (a number, or a string of digits from
 * a dotted path) and a key otherwise. Refused with {@link Refusal}: walking through a string,
 * number or boolean; an index out of range or not a number; a list index inside a missing field; a
 * whole-document value that is not an object.
 */
final class EditTranslator {
  private EditTranslator() {}

  static Op translate(@Nullable Object doc, List<Object> path, @Nullable Object value) {
    if (path.isEmpty()) {
      if (!(value instanceof Map)) {
        throw new Refusal(ErrorCode.INVALID_OP, "The whole document can only be replaced by a JSON object.");
      }
      return Op.of(new Component.ObjectReplace(new Path(List.of()), doc, value));
    }
    Object container = doc;
    List<Object> opPath = new ArrayList<>();
    for (int i = 0; i < path.size() - 1; i++) {
      Object seg = path.get(i);
      if (container instanceof Map<?, ?> map) {
        String key = seg.toString();
        if (!map.containsKey(key)) {
          if (value == null) return Op.EMPTY; // nothing to remove
          opPath.add(key);
          return Op.of(new Component.ObjectInsert(new Path(opPath), nest(path.subList(i + 1, path.size()), value, path)));
        }
        opPath.add(key);
        container = requireContainer(map.get(key), path, i);
      } else {
        List<?> list = (List<?>) container;
        int index = index(list, seg, path, i, false);
        opPath.add(index);
        container = requireContainer(list.get(index), path, i);
      }
    }
    Object last = path.get(path.size() - 1);
    if (container instanceof Map<?, ?> map) {
      String key = last.toString();
      opPath.add(key);
      Path p = new Path(opPath);
      if (!map.containsKey(key)) {
        return value == null ? Op.EMPTY : Op.of(new Component.ObjectInsert(p, value));
      }
      Object old = map.get(key);
      return value == null ? Op.of(new Component.ObjectDelete(p, old)) : Op.of(new Component.ObjectReplace(p, old, value));
    }
    List<?> list = (List<?>) container;
    int index = index(list, last, path, path.size() - 1, true);
    opPath.add(index);
    Path p = new Path(opPath);
    if (index == list.size()) {
      return value == null ? Op.EMPTY : Op.of(new Component.ListInsert(p, value));
    }
    Object old = list.get(index);
    return value == null ? Op.of(new Component.ListDelete(p, old)) : Op.of(new Component.ListReplace(p, old, value));
  }

  /** Builds {@code {a: {b: value}}} for the missing tail {@code [a, b]} of a path. */
  private static Object nest(List<Object> tail, Object value, List<Object> path) {
    Object node = value;
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i) instanceof Integer) {
        throw new Refusal(
            ErrorCode.INVALID_OP,
            "Cannot create list index " + tail.get(i) + " inside a missing field of path " + render(path) + ".");
      }
      Map<String, Object> parent = new LinkedHashMap<>();
      parent.put(tail.get(i).toString(), node);
      node = parent;
    }
    return node;
  }

  private static Object requireContainer(@Nullable Object child, List<Object> path, int i) {
    if (!(child instanceof Map) && !(child instanceof List)) {
      throw new Refusal(
          ErrorCode.INVALID_OP,
          render(path.subList(0, i + 1)) + " is " + describe(child) + ", not an object or list, so " + render(path)
              + " cannot be set.");
    }
    return child;
  }

  private static int index(List<?> list, Object seg, List<Object> path, int i, boolean allowAppend) {
    int index;
    if (seg instanceof Integer n) {
      index = n;
    } else {
      try {
        index = Integer.parseInt(seg.toString());
      } catch (NumberFormatException e) {
        throw new Refusal(ErrorCode.INVALID_OP, render(path.subList(0, i)) + " is a list; \"" + seg + "\" is not a list index.");
      }
    }
    int max = allowAppend ? list.size() : list.size() - 1;
    if (index < 0 || index > max) {
      throw new Refusal(
          ErrorCode.INVALID_OP,
          "Index " + index + " is out of range for " + render(path.subList(0, i)) + " (it has " + list.size() + " items).");
    }
    return index;
  }

  private static String describe(@Nullable Object value) {
    if (value == null) return "null";
    if (value instanceof String) return "a string";
    if (value instanceof Number) return "a number";
    if (value instanceof Boolean) return "a boolean";
    return "a " + value.getClass().getSimpleName();
  }

  static String render(List<Object> path) {
    if (path.isEmpty()) return "the document";
    StringBuilder out = new StringBuilder();
    for (Object seg : path) {
      if (out.length() > 0) out.append('.');
      out.append(seg);
    }
    return "\"" + out + "\"";
  }
}
