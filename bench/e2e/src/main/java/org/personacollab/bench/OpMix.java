package org.personacollab.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Relative weights of the change kinds, e.g. {@code type=60,backspace=15,list-insert=10,
 * list-delete=5,replace=10}. Kinds not named get weight 0; at least one weight must be positive.
 */
record OpMix(Map<ChangeKind, Integer> weights) {
  static final String DEFAULT = "type=60,backspace=15,list-insert=10,list-delete=5,replace=10";

  OpMix {
    EnumMap<ChangeKind, Integer> copy = new EnumMap<>(ChangeKind.class);
    int total = 0;
    for (ChangeKind k : ChangeKind.values()) {
      int w = weights.getOrDefault(k, 0);
      if (w < 0) throw new IllegalArgumentException("weight of " + k.label + " must be >= 0, was " + w);
      copy.put(k, w);
      total += w;
    }
    if (total <= 0) throw new IllegalArgumentException("the op mix needs at least one positive weight: " + weights);
    weights = java.util.Collections.unmodifiableMap(copy);
  }

  /** Parses {@code kind=weight,...}. */
  static OpMix parse(String text) {
    Map<ChangeKind, Integer> w = new EnumMap<>(ChangeKind.class);
    for (String part : text.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("op mix entry '" + p + "' is not kind=weight");
      ChangeKind k = ChangeKind.ofLabel(p.substring(0, eq).strip());
      try {
        w.put(k, Integer.parseInt(p.substring(eq + 1).strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight of " + k.label + " is not a whole number: '" + p + "'", e);
      }
    }
    return new OpMix(w);
  }

  int total() {
    int t = 0;
    for (int w : weights.values()) t += w;
    return t;
  }

  /** A kind drawn with probability weight / total. */
  ChangeKind pick(Random random) {
    int r = random.nextInt(total());
    for (Map.Entry<ChangeKind, Integer> e : weights.entrySet()) {
      r -= e.getValue();
      if (r < 0) return e.getKey();
    }
    throw new AssertionError("unreachable: weights sum to " + total());
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",");
    weights.forEach((k, w) -> {
      if (w > 0) j.add(k.label + "=" + w);
    });
    return j.toString();
  }
}
