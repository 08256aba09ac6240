package org.personacollab.generation.offline;

import java.util.List;
import java.util.Set;

/**
 * Broad themes of UX research talk, each with the words that signal it and the persona title it
 * gives. They are deliberately generic (time, money, health, other people, waste, simplicity,
 * variety, organisation, trust) so that they fit most studies, not only the example one. A group's
 * title comes from the theme it talks about more than the others do.
 */
enum Theme {
  TIME(
      "The Time-Pressed Planner",
      "time",
      "quick",
      "quickly",
      "fast",
      "faster",
      "busy",
      "forever",
      "minutes",
      "hours",
      "rush",
      "rushed",
      "weeknight",
      "weeknights",
      "shift",
      "shifts",
      "rota",
      "schedule",
      "schedules",
      "hectic",
      "juggle",
      "juggling",
      "tired",
      "exhausted",
      "exhausting",
      "deadline",
      "slow",
      "decisions",
      "nights",
      "evenings"),
  COST(
      "The Budget-Conscious Bargain Hunter",
      "budget",
      "budgets",
      "cheap",
      "cheaper",
      "cheapest",
      "price",
      "prices",
      "cost",
      "costs",
      "money",
      "afford",
      "deal",
      "deals",
      "discount",
      "offer",
      "offers",
      "spend",
      "spending",
      "expensive",
      "saving",
      "save",
      "penny",
      "pounds",
      "voucher",
      "reduced",
      "tenner",
      "bill",
      "owe",
      "pay",
      "rent"),
  HEALTH(
      "The Health-Focused Tracker",
      "health",
      "healthy",
      "diet",
      "nutrition",
      "nutritional",
      "sugar",
      "sugars",
      "carb",
      "carbs",
      "carbohydrate",
      "carbohydrates",
      "calories",
      "protein",
      "macros",
      "allergy",
      "allergen",
      "allergens",
      "allergic",
      "gluten",
      "coeliac",
      "diabetes",
      "diagnosis",
      "insulin",
      "blood",
      "label",
      "labels",
      "fibre",
      "salt",
      "weigh",
      "ingredient",
      "ingredients"),
  PEOPLE(
      "The Household Coordinator",
      "kids",
      "children",
      "child",
      "family",
      "partner",
      "husband",
      "wife",
      "daughter",
      "son",
      "everyone",
      "household",
      "flatmates",
      "flat",
      "together",
      "share",
      "shared",
      "team",
      "colleagues",
      "whose",
      "parents"),
  WASTE(
      "The Waste-Conscious Saver",
      "waste",
      "wasted",
      "wasting",
      "leftover",
      "leftovers",
      "bin",
      "binning",
      "throw",
      "throwing",
      "threw",
      "expire",
      "expired",
      "expiry",
      "spoil",
      "slimy",
      "freezer"),
  SIMPLICITY(
      "The Simplicity Seeker",
      "confusing",
      "confused",
      "complicated",
      "simple",
      "simpler",
      "easy",
      "easier",
      "clutter",
      "screens",
      "steps",
      "menus",
      "fiddly",
      "overwhelming",
      "learn",
      "text",
      "scroll"),
  VARIETY(
      "The Curious Explorer",
      "new",
      "variety",
      "bored",
      "boring",
      "inspiration",
      "ideas",
      "repetitive",
      "try",
      "tried",
      "different"),
  ORGANISATION(
      "The Methodical Organiser",
      "plan",
      "plans",
      "planning",
      "list",
      "lists",
      "spreadsheet",
      "track",
      "tracking",
      "log",
      "logging",
      "organised",
      "calendar",
      "notepad",
      "routine",
      "system",
      "prep",
      "batch"),
  TRUST(
      "The Cautious Checker",
      "trust",
      "reliable",
      "unreliable",
      "check",
      "checking",
      "checked",
      "mistake",
      "accurate",
      "source",
      "verify",
      "genuinely",
      "twice");

  private final String title;
  private final Set<String> words;

  Theme(String title, String... words) {
    this.title = title;
    this.words = Set.of(words);
  }

  String title() {
    return title;
  }

  /** How many words of {@code text} signal each theme, indexed by {@link #ordinal()}. */
  static int[] count(String text) {
    int[] counts = new int[values().length];
    List<String> words = Sentences.words(text);
    for (String word : words) {
      for (Theme theme : values()) {
        if (theme.words.contains(word)) {
          counts[theme.ordinal()]++;
        }
      }
    }
    return counts;
  }
}
