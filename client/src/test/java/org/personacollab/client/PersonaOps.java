package org.personacollab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;

/**
 * Random json0 ops that fit a persona-shaped document: text inserts and deletes in the name, the
 * title and list items, list inserts, deletes, replaces and (optionally) moves, field replaces,
 * number adds, new and removed keys. Every op also inserts a unique marker string into the list
 * {@code trail}, which nothing else touches, so a test can tell which changes ended up in the log
 * and in the document.
 */
final class PersonaOps {
  private static final String[] LISTS = {"goals", "pain_points", "quotes"};
  private static final String[] WORDS = {"a", "ship", "é", "learn", "x y", "Dr ", "!", "rest", "zz"};

  private final Random random;
  private final boolean moves;

  PersonaOps(Random random, boolean moves) {
    this.random = random;
    this.moves = moves;
  }

  static Object initialDocument() {
    return JsonCodec.parse("{\"name\":\"Sarah\",\"title\":\"Lead\",\"demographics\":{\"age\":34,"
        + "\"location\":\"Paris\",\"occupation\":\"PM\"},\"goals\":[\"ship\",\"learn\"],"
        + "\"pain_points\":[\"meetings\"],\"quotes\":[\"Hello world\"],\"trail\":[]}");
  }

  /** An op of one or two edits plus the marker, made against {@code doc}. */
  Op next(@Nullable Object doc, String marker) {
    List<Component> out = new ArrayList<>();
    Object d = doc;
    int edits = 1 + random.nextInt(2);
    for (int i = 0; i < edits; i++) {
      Component c = edit(d);
      if (c != null) {
        out.add(c);
        d = Json0.apply(d, Op.of(c));
      }
    }
    List<?> trail = (List<?>) ((Map<?, ?>) d).get("trail");
    out.add(new Component.ListInsert(Path.of("trail", random.nextInt(trail.size() + 1)), marker));
    return new Op(out);
  }

  private @Nullable Component edit(@Nullable Object doc) {
    Map<?, ?> root = (Map<?, ?>) doc;
    switch (random.nextInt(moves ? 10 : 9)) {
      case 0, 1 -> {
        Path s = randomString(root);
        int len = ((String) at(root, s)).length();
        return new Component.StringInsert(s.child(random.nextInt(len + 1)), word());
      }
      case 2, 3 -> {
        Path s = randomString(root);
        String text = (String) at(root, s);
        if (text.isEmpty()) {
          return null;
        }
        int from = random.nextInt(text.length());
        int to = from + 1 + random.nextInt(Math.min(4, text.length() - from));
        return new Component.StringDelete(s.child(from), text.substring(from, to));
      }
      case 4 -> {
        String list = LISTS[random.nextInt(LISTS.length)];
        int size = ((List<?>) root.get(list)).size();
        return new Component.ListInsert(Path.of(list, random.nextInt(size + 1)), word());
      }
      case 5 -> {
        String list = LISTS[random.nextInt(LISTS.length)];
        List<?> l = (List<?>) root.get(list);
        if (l.isEmpty()) {
          return null;
        }
        int i = random.nextInt(l.size());
        return random.nextBoolean()
            ? new Component.ListDelete(Path.of(list, i), l.get(i))
            : new Component.ListReplace(Path.of(list, i), l.get(i), word());
      }
      case 6 -> {
        String[] fields = {"location", "occupation"};
        Path p = random.nextInt(3) == 0 ? Path.of("title") : Path.of("demographics", fields[random.nextInt(2)]);
        return Json0.replace(doc, p, word() + random.nextInt(100)).components().get(0);
      }
      case 7 -> {
        Map<?, ?> demo = (Map<?, ?>) root.get("demographics");
        if (demo.get("age") instanceof Number) {
          return new Component.NumberAdd(Path.of("demographics", "age"), random.nextInt(5) - 2);
        }
        return new Component.ObjectInsert(Path.of("demographics", "age"), 30L);
      }
      case 8 -> {
        Map<?, ?> demo = (Map<?, ?>) root.get("demographics");
        String key = "k" + random.nextInt(3);
        if (demo.containsKey(key)) {
          return new Component.ObjectDelete(Path.of("demographics", key), demo.get(key));
        }
        return new Component.ObjectInsert(Path.of("demographics", key), word());
      }
      default -> {
        List<?> goals = (List<?>) root.get("goals");
        if (goals.size() < 2) {
          return null;
        }
        return new Component.ListMove(Path.of("goals", random.nextInt(goals.size())), random.nextInt(goals.size()));
      }
    }
  }

  private Path randomString(Map<?, ?> root) {
    List<Path> strings = new ArrayList<>();
    strings.add(Path.of("name"));
    strings.add(Path.of("title"));
    for (String list : LISTS) {
      List<?> l = (List<?>) root.get(list);
      for (int i = 0; i < l.size(); i++) {
        strings.add(Path.of(list, i));
      }
    }
    Object loc = ((Map<?, ?>) root.get("demographics")).get("location");
    if (loc instanceof String) {
      strings.add(Path.of("demographics", "location"));
    }
    return strings.get(random.nextInt(strings.size()));
  }

  private static Object at(Object doc, Path p) {
    Object node = doc;
    for (Object e : p.elements()) {
      node = e instanceof String k ? ((Map<?, ?>) node).get(k) : ((List<?>) node).get((Integer) e);
    }
    return node;
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }
}
