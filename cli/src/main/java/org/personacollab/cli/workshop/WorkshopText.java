package org.personacollab.cli.workshop;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The workshop state as lines for people (the {@code --json} output is the state itself). */
final class WorkshopText {
  private WorkshopText() {}

  /** One block per vote, open ones first: what it is about, each proposal with its count, the result. */
  static List<String> votes(JsonNode workshop, String me) {
    List<String> out = new ArrayList<>();
    List<JsonNode> votes = new ArrayList<>();
    workshop.path("votes").forEach(votes::add);
    votes.sort((a, b) -> {
      boolean ao = "open".equals(a.path("status").asString());
      boolean bo = "open".equals(b.path("status").asString());
      if (ao != bo) return ao ? -1 : 1;
      return Long.compare(number(a.path("id").asString()), number(b.path("id").asString()));
    });
    if (votes.isEmpty()) out.add("No votes yet. Propose with: persona vote propose SESSION PATH VALUE");
    for (JsonNode v : votes) {
      boolean open = "open".equals(v.path("status").asString());
      out.add(v.path("id").asString() + " " + about(v.path("path")) + " (" + (open ? "open" : "closed") + ", "
          + v.path("ballots").size() + " vote" + (v.path("ballots").size() == 1 ? "" : "s") + ")");
      for (JsonNode p : v.path("proposals")) {
        String id = p.path("id").asString();
        boolean mine = id.equals(v.path("ballots").path(me).asString(""));
        boolean winner = id.equals(v.path("result").path("winner").asString(""));
        out.add("  " + id + "  " + v.path("tally").path(id).asLong() + "  " + p.path("value") + (mine ? "  ← your vote" : "")
            + (winner ? "  ✓ winner" : ""));
      }
      if (!open) out.add("  result: " + v.path("result").path("reason").asString() + ", closed by " + v.path("result").path("closed_by").asString());
    }
    return out;
  }

  /** Who holds the floor (at {@code now}, by the sequencer's rule), the round, the locks. */
  static List<String> floor(JsonNode workshop, long now) {
    List<String> out = new ArrayList<>();
    JsonNode turns = workshop.path("turns");
    if (turns.isMissingNode()) {
      out.add("Free editing: everyone can edit.");
    } else {
      String holder = holderAt(turns, now);
      List<String> order = new ArrayList<>();
      turns.path("order").forEach(u -> order.add(u.asString()));
      out.add("Turn-based editing: " + holder + " has the floor"
          + (turns.has("fields") ? " for " + turns.path("fields") : "") + ".");
      out.add("Round: " + String.join(", ", order)
          + (turns.has("turn_ms") ? "; turns of " + turns.path("turn_ms").asLong() / 1000 + " s" : ""));
    }
    for (JsonNode lock : workshop.path("locks")) out.add("Locked: " + lock.path("path") + " by " + lock.path("by").asString());
    return out;
  }

  /** The sequencer's formula (docs/workshop.md): the holder moves one place per full turn since {@code since}. */
  static String holderAt(JsonNode turns, long now) {
    String holder = turns.path("holder").asString();
    if (!turns.has("turn_ms")) return holder;
    long since = turns.path("since").asLong();
    long k = now > since ? (now - since) / turns.path("turn_ms").asLong() : 0;
    if (k == 0) return holder;
    List<String> order = new ArrayList<>();
    turns.path("order").forEach(u -> order.add(u.asString()));
    int at = order.indexOf(holder);
    return order.get((int) ((at < 0 ? k - 1 : at + k) % order.size()));
  }

  private static String about(JsonNode path) {
    if (!path.isArray() || path.isEmpty()) return "the whole persona";
    List<String> segs = new ArrayList<>();
    path.forEach(s -> segs.add(s.asString()));
    return String.join(".", segs);
  }

  private static long number(String id) {
    try {
      return Long.parseLong(id.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
