package org.personacollab.sync.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;

/**
 * One line in words for a sequenced change, for the history list:
 *
 * <pre>
 * src                       op                                                    summary
 * c5f0…                     [{"p":["title"],"oi":"Lead"}]                          set title
 * c5f0…                     [{"p":["goals",2,4],"si":"twelve chars"}]              typed 12 characters in goals[2]
 * c5f0…                     [{"p":["goals",3],"li":""}]                            added a goal
 * c5f0…                     [{"p":["pain_points",0],"ld":"a"},{"p":["pain_points",0],"ld":"b"}]   removed 2 pain points
 * agent:generation:gen-1    [{"p":[],"od":{…},"oi":{…}}]                          generated persona
 * agent:restore:14:…        anything                                              restored version 14
 * </pre>
 *
 * Components are grouped by what they do and where (text typed into one field, items added to one
 * list, …), in the order they first appear; at most {@value #MAX_PHRASES} groups are named, the
 * rest counted ("…, and 2 more changes").
 */
public final class ChangeSummary {
  static final int MAX_PHRASES = 3;
  /** The {@code src} prefix of changes made by the generation agent. */
  public static final String GENERATION_SRC = "agent:generation:";
  /** The {@code src} prefix of restores: {@code agent:restore:<version>:<random>}. */
  public static final String RESTORE_SRC = "agent:restore:";

  private static final String CRDT_KEY = org.personacollab.ot.crdt.CrdtDocument.KEY;

  private ChangeSummary() {}

  /** The {@code src} of a restore of {@code version}. */
  public static String restoreSrc(long version, String unique) {
    return RESTORE_SRC + version + ":" + unique;
  }

  /** The version a restore's {@code src} names, or -1 if {@code src} is not a restore's. */
  public static long restoredVersion(String src) {
    if (!src.startsWith(RESTORE_SRC)) return -1;
    int end = src.indexOf(':', RESTORE_SRC.length());
    try {
      return Long.parseLong(src.substring(RESTORE_SRC.length(), end < 0 ? src.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Who made a change, by its {@code src}: {@code generation}, {@code restore}, {@code service} or {@code participant}. */
  public static String kind(String src) {
    if (src.startsWith(GENERATION_SRC)) return "generation";
    if (src.startsWith(RESTORE_SRC)) return "restore";
    if (src.startsWith("agent:")) return "service";
    return "participant";
  }

  /** The change in words. */
  public static String summarise(String src, Op op) {
    long restored = restoredVersion(src);
    if (restored >= 0) return "restored version " + restored;
    if (src.startsWith(GENERATION_SRC)) return "generated persona";
    if (op.isEmpty()) return "no change";
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Component c : op.components()) {
      // A merge's bookkeeping (the CRDT state under _crdt, ADR 12) is not a change to tell.
      if (!c.path().isRoot() && CRDT_KEY.equals(c.path().get(0))) continue;
      Group g = groupOf(c);
      groups.merge(g.kind + "\u0000" + g.where, g, Group::plus);
    }
    if (groups.isEmpty()) return "merged offline changes";
    List<String> phrases = new ArrayList<>();
    for (Group g : groups.values()) phrases.add(g.phrase());
    if (phrases.size() <= MAX_PHRASES) return String.join(", ", phrases);
    int more = phrases.size() - (MAX_PHRASES - 1);
    return String.join(", ", phrases.subList(0, MAX_PHRASES - 1)) + ", and " + more + " more changes";
  }

  private enum Kind {
    TEXT,
    ADD,
    REMOVE,
    CHANGE_ITEM,
    MOVE,
    SET,
    UNSET,
    NUMBER,
    REPLACE_ALL
  }

  /** Components of one kind at one place, counted. */
  private record Group(Kind kind, Path where, int count, int inserted, int deleted) {
    Group plus(Group other) {
      return new Group(kind, where, count + other.count, inserted + other.inserted, deleted + other.deleted);
    }

    String phrase() {
      String at = render(where);
      return switch (kind) {
        case TEXT -> inserted > 0 && deleted > 0
            ? "typed " + inserted + " and deleted " + deleted + " characters in " + at
            : inserted > 0 ? "typed " + characters(inserted) + " in " + at : "deleted " + characters(deleted) + " in " + at;
        case ADD -> "added " + items(where, count);
        case REMOVE -> "removed " + items(where, count);
        case CHANGE_ITEM -> "changed " + items(where, count);
        case MOVE -> "moved " + items(where, count);
        case SET -> "set " + at;
        case UNSET -> "removed " + at;
        case NUMBER -> "changed " + at;
        case REPLACE_ALL -> "replaced the whole persona";
      };
    }
  }

  private static Group groupOf(Component c) {
    Path p = c.path();
    if (c instanceof Component.StringInsert si) return new Group(Kind.TEXT, p.parent(), 1, length(si.text()), 0);
    if (c instanceof Component.StringDelete sd) return new Group(Kind.TEXT, p.parent(), 1, 0, length(sd.text()));
    if (p.isRoot()) return new Group(Kind.REPLACE_ALL, p, 1, 0, 0);
    if (c instanceof Component.ListInsert) return new Group(Kind.ADD, p.parent(), 1, 0, 0);
    if (c instanceof Component.ListDelete) return new Group(Kind.REMOVE, p.parent(), 1, 0, 0);
    if (c instanceof Component.ListReplace) return new Group(Kind.CHANGE_ITEM, p.parent(), 1, 0, 0);
    if (c instanceof Component.ListMove) return new Group(Kind.MOVE, p.parent(), 1, 0, 0);
    if (c instanceof Component.ObjectDelete) return new Group(Kind.UNSET, p, 1, 0, 0);
    if (c instanceof Component.NumberAdd) return new Group(Kind.NUMBER, p, 1, 0, 0);
    return new Group(Kind.SET, p, 1, 0, 0); // oi, od+oi
  }

  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  private static String characters(int n) {
    return n == 1 ? "1 character" : n + " characters";
  }

  /**
   * Items of the list at {@code list}: "a goal", "3 pain points" when the list's name is a plural
   * ("goals", "pain_points"), else "an item of demographics.languages", "2 items of …".
   */
  static String items(Path list, int count) {
    Object last = list.isRoot() ? null : list.last();
    if (last instanceof String name && name.length() > 1 && name.toLowerCase(Locale.ROOT).endsWith("s")) {
      String plural = name.replace('_', ' ');
      String singular = plural.endsWith("ies") ? plural.substring(0, plural.length() - 3) + "y" : plural.substring(0, plural.length() - 1);
      return count == 1 ? article(singular) + " " + singular : count + " " + plural;
    }
    String of = " of " + (list.isRoot() ? "the persona" : render(list));
    return count == 1 ? "an item" + of : count + " items" + of;
  }

  private static String article(String word) {
    return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
  }

  /** {@code ["goals",2]} as {@code goals[2]}, {@code ["demographics","age"]} as {@code demographics.age}. */
  static String render(Path path) {
    if (path.isRoot()) return "the persona";
    StringBuilder out = new StringBuilder();
    for (Object element : path.elements()) {
      if (element instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        if (!out.isEmpty()) out.append('.');
        out.append(element);
      }
    }
    return out.toString();
  }
}
