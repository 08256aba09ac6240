package org.personacollab.generation.offline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the research holds about one participant, gathered across all documents. */
final class Participant {

  final String id;
  final int order;

  /** Categorical profile columns (occupation, location, household…), first value per key. */
  final Map<String, String> profile = new LinkedHashMap<>();

  /** Numeric answers by normalised key (age, ratings, counts), first value per key. */
  final Map<String, Double> numbers = new LinkedHashMap<>();

  final List<Integer> ages = new ArrayList<>();

  /** Sources of the structured profile values. */
  final Set<String> profileSources = new LinkedHashSet<>();

  final List<Utterance> utterances = new ArrayList<>();

  Participant(String id, int order) {
    this.id = id;
    this.order = order;
  }

  @Override
  public String toString() {
    return id;
  }
}
