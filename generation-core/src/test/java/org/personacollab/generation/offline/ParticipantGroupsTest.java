package org.personacollab.generation.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParticipantGroupsTest {

  private static Participant participant(
      String id, int order, double age, String household, String said) {
    Participant p = new Participant(id, order);
    p.numbers.put("age", age);
    p.profile.put("household", household);
    p.utterances.add(
        new Utterance(order, said, id, "s.csv", "quote", Utterance.Kind.SPOKEN, null, true));
    return p;
  }

  private static List<Participant> study() {
    List<Participant> all = new ArrayList<>();
    all.add(participant("P1", 0, 35, "Family", "No time, every shift is a rush."));
    all.add(participant("P2", 1, 22, "Flat", "The budget decides, cheap offers only."));
    all.add(participant("P3", 2, 61, "Couple", "Sugar and carbs on every label."));
    all.add(participant("P4", 3, 38, "Family", "Busy weeknights, no time to plan."));
    all.add(participant("P5", 4, 24, "Flat", "Prices and money, I spend too much."));
    all.add(participant("P6", 5, 58, "Couple", "Gluten, allergens and protein matter."));
    return all;
  }

  private static List<List<String>> ids(List<List<Participant>> groups) {
    return groups.stream().map(g -> g.stream().map(p -> p.id).toList()).toList();
  }

  @Test
  void split_threeClearGroups_recovered() {
    assertThat(ids(ParticipantGroups.split(study(), 3)))
        .containsExactlyInAnyOrder(List.of("P1", "P4"), List.of("P2", "P5"), List.of("P3", "P6"));
  }

  @Test
  void split_sameInput_sameGroupsInTheSameOrder() {
    for (int k = 1; k <= 5; k++) {
      assertThat(ids(ParticipantGroups.split(study(), k)))
          .isEqualTo(ids(ParticipantGroups.split(study(), k)));
    }
  }

  @Test
  void split_moreGroupsThanParticipants_oneEach() {
    List<List<Participant>> groups = ParticipantGroups.split(study().subList(0, 2), 5);

    assertThat(ids(groups)).containsExactly(List.of("P1"), List.of("P2"));
  }

  @Test
  void split_identicalParticipants_stillNonEmptyGroups() {
    List<Participant> clones = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clones.add(participant("P" + i, i, 30, "Flat", "Same words."));
    }

    List<List<Participant>> groups = ParticipantGroups.split(clones, 3);

    assertThat(groups).hasSize(3).allSatisfy(g -> assertThat(g).isNotEmpty());
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(4);
  }

  @Test
  void split_largestGroupFirst() {
    List<Participant> all = study();
    all.add(participant("P7", 6, 36, "Family", "Shift work means no time at all."));

    List<List<Participant>> groups = ParticipantGroups.split(all, 3);

    assertThat(ids(groups).get(0)).containsExactly("P1", "P4", "P7");
  }
}
