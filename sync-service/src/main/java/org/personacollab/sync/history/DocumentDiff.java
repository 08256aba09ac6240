package org.personacollab.sync.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;

/**
 * The json0 op that turns one document into another, made of the smallest pieces json0 has, so
 * that a restore merges with concurrent changes like a person's edits would:
 *
 * <ul>
 *   <li>objects: {@code od} for keys that go, {@code oi} for keys that come, and the same rules
 *       inside keys both have;
 *   <li>strings: one {@code sd} and one {@code si} around the common prefix and suffix (never
 *       splitting a surrogate pair), so someone typing elsewhere in the same text keeps their
 *       characters;
 *   <li>lists: the common prefix and suffix stay; of the middle, items at the same index are
 *       diffed in place, the rest deleted ({@code ld}) or inserted ({@code li});
 *   <li>anything else (a number, a boolean, a change of type): a replace.
 * </ul>
 *
 * {@code Json0.apply(from, diff(from, to))} equals {@code to}; a whole-document replace is used
 * only when one side is not an object.
 */
public final class DocumentDiff {
  private DocumentDiff() {}

  /** The op that turns {@code from} into {@code to} (empty when they are equal). */
  public static Op diff(@Nullable Object from, @Nullable Object to) {
    List<Component> out = new ArrayList<>();
    if (from instanceof Map<?, ?> a && to instanceof Map<?, ?> b) {
      objects(Path.of(), a, b, out);
    } else if (!JsonCodec.jsonEquals(from, to)) {
      out.add(new Component.ObjectReplace(Path.of(), from, to));
    }
    return new Op(out);
  }

  private static void value(Path path, boolean inList, @Nullable Object a, @Nullable Object b, List<Component> out) {
    if (JsonCodec.jsonEquals(a, b)) return;
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      objects(path, ma, mb, out);
    } else if (a instanceof String sa && b instanceof String sb) {
      strings(path, sa, sb, out);
    } else if (a instanceof List<?> la && b instanceof List<?> lb) {
      lists(path, la, lb, out);
    } else {
      out.add(inList ? new Component.ListReplace(path, a, b) : new Component.ObjectReplace(path, a, b));
    }
  }

  private static void objects(Path path, Map<?, ?> a, Map<?, ?> b, List<Component> out) {
    for (Map.Entry<?, ?> e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) out.add(new Component.ObjectDelete(path.child(e.getKey()), e.getValue()));
    }
    for (Map.Entry<?, ?> e : b.entrySet()) {
      Path at = path.child(e.getKey());
      if (!a.containsKey(e.getKey())) out.add(new Component.ObjectInsert(at, e.getValue()));
      else value(at, false, a.get(e.getKey()), e.getValue(), out);
    }
  }

  private static void strings(Path path, String a, String b, List<Component> out) {
    int max = Math.min(a.length(), b.length());
    int prefix = 0;
    while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) prefix++;
    // Never split a surrogate pair: a boundary just before a low surrogate moves one unit out.
    if (prefix > 0 && (lowAt(a, prefix) || lowAt(b, prefix))) prefix--;
    int suffix = 0;
    while (suffix < max - prefix && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) suffix++;
    if (suffix > 0 && (lowAt(a, a.length() - suffix) && highAt(a, a.length() - suffix - 1)
        || lowAt(b, b.length() - suffix) && highAt(b, b.length() - suffix - 1))) {
      suffix--;
    }
    String deleted = a.substring(prefix, a.length() - suffix);
    String inserted = b.substring(prefix, b.length() - suffix);
    if (!deleted.isEmpty()) out.add(new Component.StringDelete(path.child(prefix), deleted));
    if (!inserted.isEmpty()) out.add(new Component.StringInsert(path.child(prefix), inserted));
  }

  private static boolean lowAt(String s, int i) {
    return i >= 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i));
  }

  private static boolean highAt(String s, int i) {
    return i >= 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i));
  }

  private static void lists(Path path, List<?> a, List<?> b, List<Component> out) {
    int max = Math.min(a.size(), b.size());
    int prefix = 0;
    while (prefix < max && JsonCodec.jsonEquals(a.get(prefix), b.get(prefix))) prefix++;
    int suffix = 0;
    while (suffix < max - prefix && JsonCodec.jsonEquals(a.get(a.size() - 1 - suffix), b.get(b.size() - 1 - suffix))) suffix++;
    int middleA = a.size() - prefix - suffix;
    int middleB = b.size() - prefix - suffix;
    int paired = Math.min(middleA, middleB);
    for (int i = 0; i < paired; i++) value(path.child(prefix + i), true, a.get(prefix + i), b.get(prefix + i), out);
    for (int i = paired; i < middleA; i++) out.add(new Component.ListDelete(path.child(prefix + paired), a.get(prefix + i)));
    for (int i = paired; i < middleB; i++) out.add(new Component.ListInsert(path.child(prefix + i), b.get(prefix + i)));
  }
}
