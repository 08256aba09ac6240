package org.personacollab.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Seeded generator of persona-shaped documents (nested objects, lists of strings, long text,
 * accents and emoji) and of ops that are valid on them. One seed gives one case, so a failure is
 * reproduced from its seed alone. Documents are built as mutable maps and lists, the way callers
 * hand them to the engine.
 */
final class PersonaGen {
  private static final String[] WORDS = {"research", "user", "onboarding", "café", "naïve", "Zoë", "東京", "mobile",
      "fast", "trust", "budget", "team", "😀", "👩‍💻", "ñ", "weekly", "report", "a", "", "x y", "déjà vu", "𝄞", "emoji🎉party"};
  private static final String[] KEYS = {"name", "title", "age_range", "occupation", "location", "goals", "notes", "k", "x",
      "tags", "score", "level", "extra", "é", "😀", "meta", "v", "0", "10"};
  private static final Object[] NUMBERS = {0.1, 0.2, 1e21, 1.5e-7, 123456789012L, 1L << 53, 0.5};

  final SplittableRandom r;
  final boolean wideNumbers;

  /**
   * With wideNumbers, documents and adds also use numbers where doubles lose precision (1e21,
   * 2^53): right for comparing with the oracle, which computes the same, but the laws can only
   * hold up to rounding, so the law tests use exact numbers.
   */
  PersonaGen(long seed, boolean wideNumbers) {
    this.r = new SplittableRandom(seed);
    this.wideNumbers = wideNumbers;
  }

  PersonaGen(long seed) {
    this(seed, false);
  }

  int nextInt(int n) {
    return r.nextInt(n);
  }

  boolean chance(double p) {
    return r.nextDouble() < p;
  }

  String word() {
    return WORDS[r.nextInt(WORDS.length)];
  }

  String text(int max) {
    int n = r.nextInt(max) + 1;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? " " : "").append(word());
    }
    return sb.toString();
  }

  Object number() {
    return switch (r.nextInt(5)) {
      case 0 -> (long) r.nextInt(100);
      case 1 -> (long) -r.nextInt(10);
      case 2 -> Values.canonical(r.nextInt(1000) / 10.0);
      case 3 -> wideNumbers ? Values.number((Number) NUMBERS[r.nextInt(NUMBERS.length)]) : Values.canonical(r.nextInt(64) / 8.0);
      default -> (long) r.nextInt(5);
    };
  }

  @Nullable Object value(int depth) {
    switch (r.nextInt(depth > 0 ? 8 : 5)) {
      case 0:
        return null;
      case 1:
        return r.nextBoolean();
      case 2:
        return number();
      case 3:
      case 4:
        return text(4);
      case 5:
      case 6: {
        Map<String, Object> o = new LinkedHashMap<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          o.put(KEYS[r.nextInt(KEYS.length)], value(depth - 1));
        }
        return o;
      }
      default: {
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          l.add(value(depth - 1));
        }
        return l;
      }
    }
  }

  private List<Object> strings(int n) {
    List<Object> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(text(6));
    }
    return l;
  }

  /** A persona: name, title, demographics, lists of strings, sometimes long text and nesting. */
  Map<String, Object> persona() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", "p-" + r.nextInt(1000));
    doc.put("name", text(3));
    doc.put("title", text(5));
    Map<String, Object> dem = new LinkedHashMap<>();
    dem.put("age_range", "25-34");
    dem.put("occupation", text(2));
    dem.put("location", word());
    dem.put("age", (long) r.nextInt(80));
    doc.put("demographics", dem);
    doc.put("goals", strings(r.nextInt(4)));
    doc.put("pain_points", strings(r.nextInt(4)));
    doc.put("behaviours", strings(r.nextInt(3)));
    doc.put("quotes", strings(r.nextInt(3)));
    doc.put("motivations", strings(r.nextInt(3)));
    if (chance(0.3)) {
      doc.put("bio", text(60));
    }
    if (chance(0.4)) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("version", (long) r.nextInt(5));
      meta.put("provider", "ollama");
      meta.put("score", number());
      doc.put("metadata", meta);
    }
    if (chance(0.2)) {
      doc.put("extra", value(3));
    }
    return doc;
  }

  private record At(List<Object> path, @Nullable Object value) {}

  private static void walk(@Nullable Object v, List<Object> p, List<At> out) {
    out.add(new At(p, v));
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        walk(l.get(i), plus(p, i), out);
      }
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        walk(e.getValue(), plus(p, e.getKey()), out);
      }
    }
  }

  private static List<Object> plus(List<Object> p, Object k) {
    List<Object> l = new ArrayList<>(p);
    l.add(k);
    return l;
  }

  private String newKey(Map<?, ?> obj) {
    for (int i = 0; i < 20; i++) {
      String k = chance(0.5) ? KEYS[r.nextInt(KEYS.length)] : word() + r.nextInt(100);
      if (!obj.containsKey(k)) {
        return k;
      }
    }
    return "k" + r.nextInt(1_000_000_000);
  }

  private static @Nullable Object at(@Nullable Object doc, List<Object> p) {
    Object v = doc;
    for (Object k : p) {
      v = v instanceof List<?> l ? l.get((Integer) k) : ((Map<?, ?>) v).get(k);
    }
    return v;
  }

  /** One component valid on doc, near focus (a path prefix) most of the time when focus is given. */
  Component component(@Nullable Object doc, @Nullable List<Object> focus) {
    List<At> all = new ArrayList<>();
    walk(doc, List.of(), all);
    if (focus != null && chance(0.8)) {
      List<At> near = new ArrayList<>();
      for (At a : all) {
        boolean ok = true;
        for (int i = 0; i < Math.min(focus.size(), a.path().size()); i++) {
          if (!focus.get(i).equals(a.path().get(i))) {
            ok = false;
            break;
          }
        }
        if (ok) {
          near.add(a);
        }
      }
      if (!near.isEmpty()) {
        all = near;
      }
    }
    while (true) {
      At a = all.get(r.nextInt(all.size()));
      List<Object> p = a.path();
      Object v = a.value();
      Path path = new Path(p);
      Object parent = p.isEmpty() ? null : at(doc, p.subList(0, p.size() - 1));
      int choice = r.nextInt(10);
      if (v instanceof String s && choice < 6) {
        if (chance(0.55) || s.isEmpty()) {
          int off = chance(0.3) ? s.length() : r.nextInt(s.length() + 1);
          return new Component.StringInsert(path.child(off), chance(0.8) ? word() : text(3));
        }
        int off = r.nextInt(s.length());
        int len = 1 + r.nextInt(Math.min(s.length() - off, 12));
        return new Component.StringDelete(path.child(off), s.substring(off, off + len));
      }
      if (v instanceof Number && choice < 5) {
        return new Component.NumberAdd(path, chance(0.8) ? (Number) (long) (r.nextInt(10) - 3) : (Number) number());
      }
      if (v instanceof List<?> l && choice < 5) {
        return new Component.ListInsert(path.child(r.nextInt(l.size() + 1)), chance(0.7) ? text(4) : value(2));
      }
      if (v instanceof Map<?, ?> m && choice < 5) {
        return new Component.ObjectInsert(path.child(newKey(m)), chance(0.6) ? text(3) : value(2));
      }
      if (p.isEmpty()) {
        if (chance(0.05)) {
          return new Component.ObjectReplace(path, doc, chance(0.5) ? persona() : value(2));
        }
        continue;
      }
      if (parent instanceof List<?> pl) {
        switch (r.nextInt(4)) {
          case 0:
            return new Component.ListDelete(path, v);
          case 1:
            return new Component.ListReplace(path, v, chance(0.5) ? text(3) : value(1));
          case 2:
            return new Component.ListMove(path, r.nextInt(pl.size()));
          default:
            return new Component.ListInsert(path, text(3));
        }
      }
      if (parent instanceof Map) {
        return chance(0.5) ? new Component.ObjectDelete(path, v)
            : new Component.ObjectReplace(path, v, chance(0.5) ? text(3) : value(2));
      }
    }
  }

  /** An op of one or more components, each valid on the document the previous ones produced. */
  Op op(@Nullable Object doc, int max, @Nullable List<Object> focus) {
    int n = 1 + (chance(0.5) ? 0 : r.nextInt(max));
    List<Component> out = new ArrayList<>();
    Object d = doc;
    for (int i = 0; i < n; i++) {
      Component c = component(d, focus);
      d = Json0.apply(d, Op.of(c));
      out.add(c);
    }
    return new Op(out);
  }

  Op op(@Nullable Object doc) {
    return op(doc, 3, null);
  }

  /** A prefix of the path of op's first component, to aim a concurrent op at the same region. */
  List<Object> focusOf(Op o) {
    List<Object> p = o.components().get(0).path().elements();
    return p.subList(0, Math.min(p.size(), Math.max(1, r.nextInt(p.size() + 1))));
  }

  /** Components aimed at one list: moves, inserts, deletes, replaces, edits of its strings. */
  Op listOp(@Nullable Object doc, List<Object> listPath) {
    int n = 1 + r.nextInt(3);
    List<Component> out = new ArrayList<>();
    Object d = doc;
    Path lp = new Path(listPath);
    for (int i = 0; i < n; i++) {
      List<?> list = (List<?>) at(d, listPath);
      int len = list.size();
      int k = r.nextInt(len == 0 ? 1 : 6);
      Component c;
      if (k == 0 || len == 0) {
        c = new Component.ListInsert(lp.child(r.nextInt(len + 1)), word());
      } else {
        int at = r.nextInt(len);
        Object v = list.get(at);
        if (k == 1) {
          c = new Component.ListDelete(lp.child(at), v);
        } else if (k == 2) {
          c = new Component.ListReplace(lp.child(at), v, word());
        } else if (k == 3 && v instanceof String s) {
          c = new Component.StringInsert(lp.child(at).child(r.nextInt(s.length() + 1)), word());
        } else {
          c = new Component.ListMove(lp.child(at), r.nextInt(len));
        }
      }
      d = Json0.apply(d, Op.of(c));
      out.add(c);
    }
    return new Op(out);
  }

  /** A generated concurrent pair: document and two ops made against it. */
  record Case(long seed, Map<String, Object> doc, Op a, Op b) {}

  /** The case of a seed: a quarter are "list battles" on a longer goals list, the rest aimed ops. */
  static Case of(long seed) {
    return of(seed, false);
  }

  static Case of(long seed, boolean wideNumbers) {
    PersonaGen g = new PersonaGen(seed, wideNumbers);
    Map<String, Object> doc = g.persona();
    if (g.chance(0.25)) {
      List<Object> goals = new ArrayList<>();
      int n = 2 + g.nextInt(5);
      for (int i = 0; i < n; i++) {
        goals.add(g.word() + i);
      }
      doc.put("goals", goals);
      return new Case(seed, doc, g.listOp(doc, List.of("goals")), g.listOp(doc, List.of("goals")));
    }
    Op a = g.op(doc);
    Op b = g.op(doc, 3, g.chance(0.7) ? g.focusOf(a) : null);
    return new Case(seed, doc, a, b);
  }
}
