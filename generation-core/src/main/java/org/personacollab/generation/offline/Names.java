package org.personacollab.generation.offline;

import java.util.List;
import java.util.Set;

/**
 * Plausible, made-up persona names picked by a hash, so the same group gets the same name on every
 * run. A persona name is a label for a composite, never a participant's name.
 */
final class Names {

  private static final List<String> FIRST =
      List.of(
          "Amara", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jamal",
          "Keira", "Liam", "Maya", "Noah", "Olivia", "Priya", "Quentin", "Rosa", "Samir", "Tessa",
          "Umar", "Vera", "Will", "Yasmin", "Zoe", "Aidan", "Bea", "Callum", "Daisy", "Ethan",
          "Fatima", "George", "Hannah", "Ivan", "Jess", "Kofi", "Lena", "Marcus", "Nadia", "Oscar",
          "Poppy", "Rhys", "Sofia", "Theo", "Uma", "Victor", "Wren", "Yusuf");
  private static final List<String> LAST =
      List.of(
          "Adeyemi",
          "Barnes",
          "Chen",
          "Doyle",
          "Evans",
          "Fraser",
          "Gill",
          "Hughes",
          "Iqbal",
          "Jones",
          "Kowalski",
          "Lewis",
          "Morgan",
          "Nowak",
          "Okafor",
          "Patel",
          "Quinn",
          "Reid",
          "Shah",
          "Taylor",
          "Usman",
          "Vaughan",
          "Walsh",
          "Young",
          "Ahmed",
          "Bennett",
          "Clarke",
          "Davies",
          "Ellis",
          "Foster",
          "Green",
          "Harris",
          "Ito",
          "Jensen",
          "Khan",
          "Lopez",
          "Murphy",
          "Nguyen",
          "O'Brien",
          "Price",
          "Rossi",
          "Singh",
          "Thomas",
          "Varga",
          "Ward",
          "Yilmaz",
          "Zielinski",
          "Campbell");

  private Names() {}

  /** A name chosen by {@code hash}, different from every name in {@code taken}. */
  static String pick(byte[] hash, Set<String> taken) {
    int first = Math.floorMod(((hash[0] & 0xff) << 8) | (hash[1] & 0xff), FIRST.size());
    int last = Math.floorMod(((hash[2] & 0xff) << 8) | (hash[3] & 0xff), LAST.size());
    for (int step = 0; ; step++) {
      String name =
          FIRST.get((first + step) % FIRST.size())
              + " "
              + LAST.get((last + step / FIRST.size()) % LAST.size());
      if (!taken.contains(name)) {
        return name;
      }
    }
  }
}
