package org.personacollab.generation.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchDocument;
import org.personacollab.generation.research.ResearchException;

/**
 * The persona generator used when no LLM provider is configured: extractive, offline and
 * deterministic.
 *
 * <h2>Why it exists</h2>
 *
 * A workshop must work on a laptop with no API key, a demo must not depend on a provider being up,
 * and tests need output they can compare byte for byte. So this generator reads the research and
 * <em>cuts</em> a persona out of it instead of writing one: it never adds a word the participants
 * did not say. It is plainer than an LLM's persona, and every line of it can be traced back to a
 * file and a participant through {@code evidence}.
 *
 * <h2>1. Reading the research</h2>
 *
 * {@link Corpus} turns the documents into participants and sentences. Participants are tied
 * together across files by their id ({@code P3} in a CSV column, a JSON field, a transcript speaker
 * label or the {@code (P3)} after a quoted verbatim). Numbers (age, ratings) and short categorical
 * values (occupation, location, household) are kept per participant; free text is split into
 * sentences. Interviewer lines are dropped. A sentence is a participant's own words (a transcript
 * turn, a free-text answer, a quoted verbatim) or a researcher's note; notes only feed a list when
 * their column names it ({@code behaviours_seen}), or when the research has no participant words at
 * all.
 *
 * <h2>2. One group of participants per persona</h2>
 *
 * A persona is a composite of similar people, so with {@code count > 1} the participants are split
 * into groups first and each persona is built from its own group only ({@link ParticipantGroups}):
 * k-means over what they talk about (shares of {@link Theme} words), their numeric answers and
 * their shared profile values, seeded farthest-first so that the groups are as different as the
 * data allows, with input-order tie-breaks so that the split is always the same. We chose this over
 * a partition on a single column because the column that separates people best differs from study
 * to study (age in one, role in another, nothing structured at all in a third), while the blend
 * adapts to whatever the data holds. Sentences tied to no participant (an unlabelled note, a survey
 * without ids) only feed a persona when there is a single group. There are never more groups than
 * participants: two participants give at most two personas whatever {@code count} asks, because a
 * third would have to be invented. With no participant ids at all, the whole research is one group
 * and one persona.
 *
 * <h2>3. Cutting list items</h2>
 *
 * {@link Cues} classifies sentences by cue phrases: "I want to", "I'd love", "my goal" (goals);
 * "frustrating", "I hate", "takes forever", "gave up" (pain points); "every Sunday", "I usually",
 * "I always check" (behaviours); "because", "so that", "what matters to me is" (motivations). A
 * column named for a category ({@code biggest_frustration}, {@code goal}) counts as a cue too. The
 * item is the cue's clause, or what follows an "I want to", lightly tidied: "I want to plan meals
 * faster so that..." gives the goal "Plan meals faster" and the motivation from "so that". Items
 * stay substrings of their sentence (up to the first letter's case), and items under 2-3 words or
 * over 22 are dropped rather than rewritten. One sentence may feed several lists, but never with
 * the same text twice.
 *
 * <h2>4. Ranking: strength, agreement, spread</h2>
 *
 * Each candidate scores its cue's strength, +1 when its column is named for the list, +1 when it
 * speaks to the group's two most distinctive themes, +1 for a crisp length (4 to 14 words). Near
 * duplicates (60% of their content words shared) merge, and a point is added for each further
 * participant who said it, so that what several people said ranks first. Items are then taken in
 * rounds (at most one per participant, then two, then any) so that one talkative participant does
 * not become the whole persona. Lists hold up to 6 items and quotes up to 5; with little data a
 * list is shorter, possibly empty, never padded.
 *
 * <h2>5. Quotes</h2>
 *
 * A quote is a whole sentence, verbatim, of a participant's own words (never an interviewer's or a
 * researcher's), in the first person, 6 to 40 words, not a question, ranked by how vivid it is
 * (strong words such as "hate", "forever", "nightmare", cue phrases, numbers).
 *
 * <h2>6. Name, title, demographics, id</h2>
 *
 * The title comes from the theme the group talks about more than the other groups do (its share of
 * theme words minus the share in the whole research), each title used once. Demographics come from
 * structured columns only: {@code age_range} spans the decades of the group's ages ("30-49" for
 * ages 34 to 41), {@code occupation}, {@code location} and every other shared profile column take
 * the group's most common value (ties to the first participant). The id and the name are taken from
 * a SHA-256 of the research and the group, so they are stable across runs and differ between
 * personas; the name is a made-up label for a composite, never a participant's name.
 *
 * <h2>7. Determinism</h2>
 *
 * Same documents, same count and same clock give byte-identical output: every collection that is
 * iterated is ordered (input order or an explicit comparator with a final tie-break on input
 * position), the arithmetic is plain {@code double} (exact and repeatable in Java), and the clock
 * is read once, for {@code metadata.generated_at}.
 *
 * <h2>Limitations</h2>
 *
 * <ul>
 *   <li>The cue phrases and theme words are English.
 *   <li>Cues do not understand negation beyond a few forms ("the last thing I want", "I don't want"
 *       is not an "I want"), irony or reported speech without quotation marks.
 *   <li>A participant known only by name in one file and by id in another counts as two people.
 *   <li>Groups come from a heuristic; with very few participants per group, personas get thin.
 * </ul>
 */
public final class OfflineGenerator {

  /** {@code metadata.provider} of every persona this generator makes. */
  public static final String PROVIDER = "offline";

  /** {@code metadata.model}: the version of the extraction rules, bumped when output changes. */
  public static final String MODEL = "offline-extractive-v1";

  private static final String TEMPLATE = "default";
  private static final int MAX_COUNT = 5;
  private static final int MAX_ITEMS = 6;
  private static final int MAX_QUOTES = 5;
  private static final int NEAR_DUPLICATE_WINDOW = 400;

  /** Evidence names at most this many participants; a larger study gives a count besides. */
  private static final int MAX_LISTED = 50;

  private static final List<String> FALLBACK_TITLES =
      List.of(
          "The Everyday User",
          "The Pragmatic Regular",
          "The Steady Habit-Keeper",
          "The Quiet Majority",
          "The Occasional User");

  private final Clock clock;

  public OfflineGenerator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns {@code count} (1–5) personas as insertion-ordered maps (JSON-ready: String,
   * Long/Integer, Boolean, List, Map), fewer only when the research has fewer participants than
   * {@code count} (see the class comment). The maps and lists are unmodifiable.
   *
   * @param documents the research, as loaded by {@code ResearchLoader}, in source order
   * @throws IllegalArgumentException when {@code count} is not between 1 and 5
   * @throws ResearchException {@code research_empty} when the documents hold no sentence at all
   */
  public List<Map<String, Object>> generate(List<ResearchDocument> documents, int count) {
    Objects.requireNonNull(documents, "documents");
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "count must be between 1 and " + MAX_COUNT + ", was " + count);
    }
    Corpus corpus = Corpus.of(documents);
    if (corpus.utterances.isEmpty()) {
      throw new ResearchException(
          ResearchException.EMPTY, "the research holds no sentence to build a persona from");
    }
    String generatedAt = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    String fingerprint = fingerprint(documents);

    List<Group> groups = groups(corpus, count);
    List<String> titles = titles(groups, corpus);
    Set<String> names = new HashSet<>();
    List<Map<String, Object>> personas = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      byte[] hash =
          sha256(MODEL + "\n" + fingerprint + "\n" + count + "\n" + g + "\n" + group.memberIds());
      String name = Names.pick(hash, names);
      names.add(name);
      personas.add(persona(group, corpus, hash, name, titles.get(g), generatedAt));
    }
    return List.copyOf(personas);
  }

  /** One group's participants and the sentences a persona for it may use. */
  private static final class Group {
    final List<Participant> members;
    final List<Utterance> utterances;
    final int[] themeCounts;
    List<Theme> focus = List.of();

    Group(List<Participant> members, List<Utterance> utterances) {
      this.members = members;
      this.utterances = utterances;
      this.themeCounts = themeCounts(utterances);
    }

    String memberIds() {
      List<String> ids = new ArrayList<>();
      for (Participant member : members) {
        ids.add(member.id);
      }
      return String.join(",", ids);
    }

    Set<String> memberIdSet() {
      Set<String> ids = new LinkedHashSet<>();
      for (Participant member : members) {
        ids.add(member.id);
      }
      return ids;
    }
  }

  private static List<Group> groups(Corpus corpus, int count) {
    List<Participant> participants = List.copyOf(corpus.participantList());
    List<List<Participant>> split = ParticipantGroups.split(participants, count);
    if (split.isEmpty()) {
      return List.of(new Group(List.of(), List.copyOf(corpus.utterances)));
    }
    List<Group> groups = new ArrayList<>();
    for (List<Participant> members : split) {
      List<Utterance> utterances = new ArrayList<>();
      for (Participant member : members) {
        utterances.addAll(member.utterances);
      }
      if (split.size() == 1) {
        utterances.addAll(corpus.unattributed());
      }
      utterances.sort(Comparator.comparingInt(Utterance::order));
      groups.add(new Group(members, List.copyOf(utterances)));
    }
    return groups;
  }

  // ---------------------------------------------------------------- titles and themes

  private static int[] themeCounts(List<Utterance> utterances) {
    int[] counts = new int[Theme.values().length];
    for (Utterance utterance : utterances) {
      int[] c = Theme.count(utterance.text());
      for (int t = 0; t < counts.length; t++) {
        counts[t] += c[t];
      }
    }
    return counts;
  }

  /** Each group's themes by how much more it talks of them than the whole research does. */
  private static List<Theme> distinctive(Group group, int[] overall, boolean single) {
    double groupTotal = sum(group.themeCounts);
    double overallTotal = sum(overall);
    List<Theme> themes = new ArrayList<>();
    Map<Theme, Double> lift = new LinkedHashMap<>();
    for (Theme theme : Theme.values()) {
      int c = group.themeCounts[theme.ordinal()];
      if (c == 0) {
        continue;
      }
      double share = c / groupTotal;
      lift.put(theme, single ? share : share - overall[theme.ordinal()] / overallTotal);
      themes.add(theme);
    }
    themes.sort(
        Comparator.comparingDouble((Theme t) -> -lift.get(t)).thenComparingInt(Enum::ordinal));
    return themes;
  }

  private static List<String> titles(List<Group> groups, Corpus corpus) {
    int[] overall = themeCounts(corpus.utterances);
    boolean single = groups.size() == 1;
    Set<String> taken = new HashSet<>();
    List<String> titles = new ArrayList<>();
    for (Group group : groups) {
      List<Theme> themes = distinctive(group, overall, single);
      group.focus = List.copyOf(themes.subList(0, Math.min(2, themes.size())));
      @Nullable String title = null;
      for (Theme theme : themes) {
        if (!taken.contains(theme.title())) {
          title = theme.title();
          break;
        }
      }
      for (int i = 0; title == null; i++) {
        String fallback = FALLBACK_TITLES.get(i % FALLBACK_TITLES.size());
        String candidate = i < FALLBACK_TITLES.size() ? fallback : fallback + " " + (i + 1);
        if (!taken.contains(candidate)) {
          title = candidate;
        }
      }
      taken.add(title);
      titles.add(title);
    }
    return titles;
  }

  private static int sum(int[] values) {
    int total = 0;
    for (int value : values) {
      total += value;
    }
    return total;
  }

  // ---------------------------------------------------------------- persona

  private static Map<String, Object> persona(
      Group group, Corpus corpus, byte[] hash, String name, String title, String generatedAt) {
    boolean notesOnly = !corpus.hasSpokenWords();
    Set<String> usedTexts = new HashSet<>();
    Map<Category, List<Chosen>> lists = new LinkedHashMap<>();
    for (Category category :
        List.of(Category.PAIN_POINTS, Category.GOALS, Category.BEHAVIOURS, Category.MOTIVATIONS)) {
      lists.put(
          category,
          choose(candidates(group, category, notesOnly, usedTexts), MAX_ITEMS, usedTexts));
    }
    List<Chosen> quotes = choose(quoteCandidates(group), MAX_QUOTES, new HashSet<>());

    Map<String, Object> persona = new LinkedHashMap<>();
    persona.put("id", "persona-" + hex(hash, 4));
    persona.put("name", name);
    persona.put("title", title);
    Demographics demographics = demographics(group, corpus);
    persona.put("demographics", demographics.values);
    persona.put("goals", texts(lists.get(Category.GOALS)));
    persona.put("pain_points", texts(lists.get(Category.PAIN_POINTS)));
    persona.put("behaviours", texts(lists.get(Category.BEHAVIOURS)));
    persona.put("quotes", texts(quotes));
    persona.put("motivations", texts(lists.get(Category.MOTIVATIONS)));

    List<Object> evidence = new ArrayList<>();
    if (!group.members.isEmpty()) {
      Set<String> sources = new LinkedHashSet<>();
      for (Utterance utterance : group.utterances) {
        sources.add(utterance.source());
      }
      for (Participant member : group.members) {
        sources.addAll(member.profileSources);
      }
      Map<String, Object> represents = new LinkedHashMap<>();
      List<String> ids = new ArrayList<>(group.memberIdSet());
      String listed = String.join(", ", ids.subList(0, Math.min(ids.size(), MAX_LISTED)));
      represents.put(
          "claim",
          "Represents "
              + ids.size()
              + " participant"
              + (ids.size() == 1 ? "" : "s")
              + ": "
              + listed
              + (ids.size() > MAX_LISTED ? " and " + (ids.size() - MAX_LISTED) + " more" : ""));
      represents.put("sources", sortedList(sources));
      evidence.add(Collections.unmodifiableMap(represents));
    }
    if (!demographics.values.isEmpty()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("field", "demographics");
      entry.put("claim", demographics.claim);
      entry.put("sources", sortedList(demographics.sources));
      putParticipants(entry, demographics.participants);
      evidence.add(Collections.unmodifiableMap(entry));
    }
    for (Category category :
        List.of(Category.GOALS, Category.PAIN_POINTS, Category.BEHAVIOURS, Category.MOTIVATIONS)) {
      for (Chosen chosen : lists.get(category)) {
        evidence.add(evidenceEntry(category.key(), chosen));
      }
    }
    for (Chosen chosen : quotes) {
      evidence.add(evidenceEntry("quotes", chosen));
    }
    persona.put("evidence", List.copyOf(evidence));

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("generated_at", generatedAt);
    metadata.put("provider", PROVIDER);
    metadata.put("model", MODEL);
    metadata.put("template", TEMPLATE);
    metadata.put("version", 1);
    persona.put("metadata", Collections.unmodifiableMap(metadata));
    return Collections.unmodifiableMap(persona);
  }

  private static Map<String, Object> evidenceEntry(String field, Chosen chosen) {
    Set<String> sources = new LinkedHashSet<>();
    Set<String> participants = new LinkedHashSet<>();
    for (Utterance support : chosen.supports) {
      sources.add(support.source());
      if (support.participant() != null) {
        participants.add(support.participant());
      }
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("field", field);
    entry.put("claim", chosen.text);
    entry.put("excerpt", chosen.supports.get(0).text());
    entry.put("sources", List.copyOf(sources));
    putParticipants(entry, participants);
    return Collections.unmodifiableMap(entry);
  }

  /** {@code participants}: up to {@link #MAX_LISTED} ids, then {@code participant_count}. */
  private static void putParticipants(Map<String, Object> entry, Set<String> participants) {
    if (participants.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(participants);
    entry.put("participants", List.copyOf(ids.subList(0, Math.min(ids.size(), MAX_LISTED))));
    if (ids.size() > MAX_LISTED) {
      entry.put("participant_count", ids.size());
    }
  }

  private static List<String> texts(List<Chosen> chosen) {
    List<String> texts = new ArrayList<>();
    for (Chosen c : chosen) {
      texts.add(c.text);
    }
    return List.copyOf(texts);
  }

  private static List<String> sortedList(Set<String> values) {
    List<String> list = new ArrayList<>(values);
    Collections.sort(list);
    return List.copyOf(list);
  }

  // ---------------------------------------------------------------- candidates and choice

  /** A candidate item with everything that said it. */
  private static final class Chosen {
    final String text;
    final List<Utterance> supports = new ArrayList<>();
    final String key;
    final Set<String> words;

    /** Ids of the participants in {@link #supports}; "" stands for unattributed sentences. */
    final Set<String> participants = new LinkedHashSet<>();

    int score;

    Chosen(String text, Utterance support, int score) {
      this.text = text;
      this.supports.add(support);
      this.participants.add(support.participant() == null ? "" : support.participant());
      this.key = fold(text);
      this.words = contentWords(text);
      this.score = score;
    }

    int firstOrder() {
      return supports.get(0).order();
    }
  }

  private static List<Chosen> candidates(
      Group group, Category category, boolean notesOnly, Set<String> usedTexts) {
    List<Chosen> candidates = new ArrayList<>();
    for (Utterance utterance : group.utterances) {
      boolean hinted = utterance.hint() == category;
      if (utterance.kind() == Utterance.Kind.NOTE
          && !notesOnly
          && !(hinted && utterance.participant() != null)) {
        continue;
      }
      if (category == Category.MOTIVATIONS
          && !hinted
          && Cues.hasCue(Category.PAIN_POINTS, utterance.text())) {
        continue; // "I gave up because it was confusing" explains a pain, not a motivation
      }
      Cues.Cut cut = Cues.cut(category, utterance.text(), hinted);
      if (cut == null || usedTexts.contains(fold(cut.text()))) {
        continue;
      }
      int words = Sentences.wordCount(cut.text());
      int score =
          cut.weight() + themeBonus(cut.text(), group.focus) + (words >= 4 && words <= 14 ? 1 : 0);
      candidates.add(new Chosen(cut.text(), utterance, score));
    }
    return candidates;
  }

  private static List<Chosen> quoteCandidates(Group group) {
    List<Chosen> candidates = new ArrayList<>();
    for (Utterance utterance : group.utterances) {
      String text = utterance.text();
      int words = Sentences.wordCount(text);
      if (utterance.kind() != Utterance.Kind.SPOKEN
          || words < 6
          || words > 40
          || text.endsWith("?")
          || !Sentences.isFirstPerson(text)) {
        continue;
      }
      int score =
          Cues.vividness(text)
              + (utterance.quoteField() ? 1 : 0)
              + (words >= 8 && words <= 30 ? 1 : 0)
              + themeBonus(text, group.focus);
      candidates.add(new Chosen(text, utterance, score));
    }
    return candidates;
  }

  private static int themeBonus(String text, List<Theme> focus) {
    int[] counts = Theme.count(text);
    for (Theme theme : focus) {
      if (counts[theme.ordinal()] > 0) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * Merges near duplicates (a point per extra participant), ranks by score then input order, and
   * takes up to {@code max} in rounds that cap items per participant at 1, then 2, then none.
   */
  private static List<Chosen> choose(List<Chosen> candidates, int max, Set<String> usedTexts) {
    // Exact repeats first, in one pass: the same sentence in a CSV and in workshop notes.
    Map<String, Chosen> exact = new LinkedHashMap<>();
    for (Chosen candidate : candidates) {
      Chosen same = exact.putIfAbsent(candidate.key, candidate);
      if (same != null) {
        absorb(same, candidate);
      }
    }
    List<Chosen> sorted = new ArrayList<>(exact.values());
    sorted.sort(
        Comparator.comparingInt((Chosen c) -> -c.score).thenComparingInt(Chosen::firstOrder));
    // Near duplicates among the best only, which keeps this pairwise step bounded on large studies.
    List<Chosen> merged = new ArrayList<>();
    for (Chosen candidate : sorted.subList(0, Math.min(sorted.size(), NEAR_DUPLICATE_WINDOW))) {
      @Nullable Chosen same = null;
      for (Chosen existing : merged) {
        if (similar(existing, candidate)) {
          same = existing;
          break;
        }
      }
      if (same == null) {
        merged.add(candidate);
      } else {
        absorb(same, candidate);
      }
    }
    merged.sort(
        Comparator.comparingInt((Chosen c) -> -c.score).thenComparingInt(Chosen::firstOrder));

    List<Chosen> picked = new ArrayList<>();
    Map<String, Integer> perParticipant = new LinkedHashMap<>();
    for (int cap = 1; cap <= 3 && picked.size() < max; cap++) {
      for (Chosen candidate : merged) {
        if (picked.size() >= max) {
          break;
        }
        String owner = candidate.supports.get(0).participant();
        String key = owner == null ? "" : owner;
        if (picked.contains(candidate)
            || usedTexts.contains(candidate.key)
            || (cap < 3 && perParticipant.getOrDefault(key, 0) >= cap)) {
          continue;
        }
        picked.add(candidate);
        usedTexts.add(candidate.key);
        perParticipant.merge(key, 1, Integer::sum);
      }
    }
    // Present in rank order, which the rounds above may have shuffled.
    picked.sort(
        Comparator.comparingInt((Chosen c) -> -c.score).thenComparingInt(Chosen::firstOrder));
    return picked;
  }

  /** Adds {@code other}'s supports to {@code kept}; a point if it brings another participant. */
  private static void absorb(Chosen kept, Chosen other) {
    kept.supports.addAll(other.supports);
    if (kept.participants.addAll(other.participants)) {
      kept.score++;
    }
  }

  private static boolean similar(Chosen a, Chosen b) {
    if (a.key.equals(b.key)) {
      return true;
    }
    if (a.words.isEmpty() || b.words.isEmpty()) {
      return false;
    }
    int shared = 0;
    for (String word : a.words) {
      if (b.words.contains(word)) {
        shared++;
      }
    }
    int union = a.words.size() + b.words.size() - shared;
    return shared >= 0.6 * union;
  }

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "i",
          "i'm", "i'd", "me", "my", "we", "our", "it", "it's", "is", "are", "was", "be", "that",
          "this", "so", "what", "when", "just", "can", "have", "has", "do", "don't", "up", "out",
          "all", "every", "one");

  private static Set<String> contentWords(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String word : Sentences.words(text)) {
      if (!STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }

  /**
   * Lower case letters and digits with single spaces between runs: equality for near-exact text.
   */
  private static String fold(String text) {
    String folded = Sentences.fold(text);
    StringBuilder out = new StringBuilder(folded.length());
    boolean gap = false;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (gap && out.length() > 0) {
          out.append(' ');
        }
        out.append(c);
        gap = false;
      } else {
        gap = true;
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- demographics

  private static final class Demographics {
    final Map<String, Object> values;
    final String claim;
    final Set<String> sources;
    final Set<String> participants;

    Demographics(
        Map<String, Object> values, String claim, Set<String> sources, Set<String> participants) {
      this.values = values;
      this.claim = claim;
      this.sources = sources;
      this.participants = participants;
    }
  }

  private static Demographics demographics(Group group, Corpus corpus) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> claims = new ArrayList<>();
    Set<String> sources = new LinkedHashSet<>();
    Set<String> participants = new LinkedHashSet<>();
    List<Integer> ages = new ArrayList<>();
    for (Participant member : group.members) {
      ages.addAll(member.ages);
      if (!member.ages.isEmpty() || !member.profile.isEmpty()) {
        sources.addAll(member.profileSources);
        participants.add(member.id);
      }
    }
    if (!ages.isEmpty()) {
      int min = Collections.min(ages);
      int max = Collections.max(ages);
      String range = (min / 10 * 10) + "-" + (max / 10 * 10 + 9);
      values.put("age_range", range);
      List<Integer> sorted = new ArrayList<>(new TreeSet<>(ages));
      claims.add("age_range " + range + " from ages " + joinInts(sorted));
    }
    Set<String> used = new HashSet<>();
    String occupationKey = firstPresentKey(group, Corpus.OCCUPATION_KEYS);
    String locationKey = firstPresentKey(group, Corpus.LOCATION_KEYS);
    putMostCommon(group, "occupation", occupationKey, values, claims, used);
    putMostCommon(group, "location", locationKey, values, claims, used);
    for (String key : corpus.profileKeys) {
      if (used.contains(key)
          || Corpus.OCCUPATION_KEYS.contains(key)
          || Corpus.LOCATION_KEYS.contains(key)
          || values.containsKey(key)) {
        continue;
      }
      String value = mostCommon(group, key);
      if (value != null) {
        values.put(key, value);
        claims.add(key + " " + value);
      }
    }
    String claim = claims.isEmpty() ? "" : "Most common values: " + String.join("; ", claims);
    return new Demographics(Collections.unmodifiableMap(values), claim, sources, participants);
  }

  private static void putMostCommon(
      Group group,
      String name,
      @Nullable String key,
      Map<String, Object> values,
      List<String> claims,
      Set<String> used) {
    if (key == null) {
      return;
    }
    used.add(key);
    String value = mostCommon(group, key);
    if (value != null) {
      values.put(name, value);
      claims.add(name + " " + value);
    }
  }

  private static @Nullable String firstPresentKey(Group group, List<String> aliases) {
    for (String alias : aliases) {
      for (Participant member : group.members) {
        if (member.profile.containsKey(alias)) {
          return alias;
        }
      }
    }
    return null;
  }

  /** The most common value of {@code key} in the group; a tie goes to the earliest participant. */
  private static @Nullable String mostCommon(Group group, String key) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Participant member : group.members) {
      String value = member.profile.get(key);
      if (value != null) {
        counts.merge(value, 1, Integer::sum);
      }
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      if (entry.getValue() > bestCount) {
        best = entry.getKey();
        bestCount = entry.getValue();
      }
    }
    return best;
  }

  private static String joinInts(List<Integer> values) {
    List<String> parts = new ArrayList<>();
    for (int value : values) {
      parts.add(Integer.toString(value));
    }
    return String.join(", ", parts);
  }

  // ---------------------------------------------------------------- hashing

  private static String fingerprint(List<ResearchDocument> documents) {
    StringBuilder all = new StringBuilder();
    for (ResearchDocument document : documents) {
      all.append(document.source()).append('\0').append(document.format()).append('\0');
      all.append(hex(sha256(document.text()), 32)).append('\n');
    }
    return hex(sha256(all.toString()), 32);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder out = new StringBuilder(count * 2);
    for (int i = 0; i < count; i++) {
      out.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
    }
    return out.toString();
  }
}
