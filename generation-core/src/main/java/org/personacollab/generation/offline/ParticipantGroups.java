package org.personacollab.generation.offline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits participants into {@code k} groups by k-means over a small feature vector, made
 * deterministic by its seeding and its tie-breaks.
 *
 * <p>Each participant's vector has three blocks, each scaled so that it can add at most about 1 to
 * a squared distance, so that no block drowns the others whatever the number of columns:
 *
 * <ol>
 *   <li><b>What they talk about</b>: the share of their theme words per {@link Theme}.
 *   <li><b>What they answered in numbers</b>: every numeric column present for at least half of the
 *       participants and not constant (age, ratings, minutes per week), scaled to 0..1 by its
 *       range; a missing value is the column's mean.
 *   <li><b>Who they are</b>: one-hot profile values (household, tech comfort…) that at least two
 *       participants share, at half weight, since a shared occupation says less about needs than
 *       what people say.
 * </ol>
 *
 * Seeding is farthest-first: the first centre is the participant nearest the mean, each next one
 * the participant farthest from the centres so far. Lloyd iterations then run until no one moves
 * (at most 100). Every tie goes to the participant or centre that comes first in input order, and a
 * centre left with no one takes the participant farthest from their own centre, so the same input
 * always gives the same groups.
 */
final class ParticipantGroups {

  private static final int MAX_ITERATIONS = 100;
  private static final double PROFILE_WEIGHT = 0.5;

  private ParticipantGroups() {}

  /**
   * The participants in {@code min(k, participants.size())} non-empty groups, each in input order;
   * groups ordered by size (largest first), then by their first participant.
   */
  static List<List<Participant>> split(List<Participant> participants, int k) {
    int n = participants.size();
    int groups = Math.min(k, n);
    if (groups <= 1) {
      return n == 0 ? List.of() : List.of(List.copyOf(participants));
    }
    double[][] points = features(participants);
    int[] assignment = kMeans(points, groups);
    List<List<Participant>> result = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      List<Participant> members = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (assignment[i] == g) {
          members.add(participants.get(i));
        }
      }
      result.add(List.copyOf(members));
    }
    result.sort(
        Comparator.<List<Participant>>comparingInt(List::size)
            .reversed()
            .thenComparingInt(members -> members.get(0).order));
    return List.copyOf(result);
  }

  static double[][] features(List<Participant> participants) {
    int n = participants.size();
    List<double[]> columns = new ArrayList<>();

    // 1. Theme shares.
    int themes = Theme.values().length;
    double[][] shares = new double[n][themes];
    for (int i = 0; i < n; i++) {
      int[] counts = new int[themes];
      for (Utterance utterance : participants.get(i).utterances) {
        int[] c = Theme.count(utterance.text());
        for (int t = 0; t < themes; t++) {
          counts[t] += c[t];
        }
      }
      int total = 0;
      for (int count : counts) {
        total += count;
      }
      for (int t = 0; t < themes && total > 0; t++) {
        shares[i][t] = (double) counts[t] / total;
      }
    }
    for (int t = 0; t < themes; t++) {
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        column[i] = shares[i][t];
      }
      columns.add(column);
    }

    // 2. Numeric answers.
    Map<String, Integer> present = new LinkedHashMap<>();
    for (Participant participant : participants) {
      for (String key : participant.numbers.keySet()) {
        present.merge(key, 1, Integer::sum);
      }
    }
    List<double[]> numeric = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : present.entrySet()) {
      if (entry.getValue() * 2 < n) {
        continue;
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (Participant participant : participants) {
        Double value = participant.numbers.get(entry.getKey());
        if (value != null) {
          min = Math.min(min, value);
          max = Math.max(max, value);
          sum += value;
        }
      }
      if (max <= min) {
        continue;
      }
      double mean = sum / entry.getValue();
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        Double value = participants.get(i).numbers.get(entry.getKey());
        column[i] = ((value == null ? mean : value) - min) / (max - min);
      }
      numeric.add(column);
    }
    scaleBlock(numeric, 1.0);
    columns.addAll(numeric);

    // 3. Shared profile values, one-hot.
    Map<String, Map<String, Integer>> valueCounts = new LinkedHashMap<>();
    for (Participant participant : participants) {
      participant.profile.forEach(
          (key, value) ->
              valueCounts
                  .computeIfAbsent(key, x -> new LinkedHashMap<>())
                  .merge(value, 1, Integer::sum));
    }
    List<double[]> profile = new ArrayList<>();
    int profileKeys = 0;
    for (Map.Entry<String, Map<String, Integer>> key : valueCounts.entrySet()) {
      boolean used = false;
      for (Map.Entry<String, Integer> value : key.getValue().entrySet()) {
        if (value.getValue() < 2 || value.getValue() == n) {
          continue;
        }
        double[] column = new double[n];
        for (int i = 0; i < n; i++) {
          column[i] = value.getKey().equals(participants.get(i).profile.get(key.getKey())) ? 1 : 0;
        }
        profile.add(column);
        used = true;
      }
      if (used) {
        profileKeys++;
      }
    }
    if (profileKeys > 0) {
      double scale = Math.sqrt(PROFILE_WEIGHT / (2.0 * profileKeys));
      for (double[] column : profile) {
        for (int i = 0; i < n; i++) {
          column[i] *= scale;
        }
      }
    }
    columns.addAll(profile);

    double[][] points = new double[n][columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      for (int i = 0; i < n; i++) {
        points[i][c] = columns.get(c)[i];
      }
    }
    return points;
  }

  private static void scaleBlock(List<double[]> block, double weight) {
    if (block.isEmpty()) {
      return;
    }
    double scale = Math.sqrt(weight / block.size());
    for (double[] column : block) {
      for (int i = 0; i < column.length; i++) {
        column[i] *= scale;
      }
    }
  }

  static int[] kMeans(double[][] points, int k) {
    int n = points.length;
    int d = n == 0 ? 0 : points[0].length;
    double[][] centres = new double[k][];
    double[] mean = new double[d];
    for (double[] point : points) {
      for (int j = 0; j < d; j++) {
        mean[j] += point[j] / n;
      }
    }
    centres[0] = points[nearest(points, mean)].clone();
    double[] distance = new double[n];
    for (int i = 0; i < n; i++) {
      distance[i] = squared(points[i], centres[0]);
    }
    for (int c = 1; c < k; c++) {
      int farthest = 0;
      for (int i = 1; i < n; i++) {
        if (distance[i] > distance[farthest]) {
          farthest = i;
        }
      }
      centres[c] = points[farthest].clone();
      for (int i = 0; i < n; i++) {
        distance[i] = Math.min(distance[i], squared(points[i], centres[c]));
      }
    }

    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      boolean moved = false;
      for (int i = 0; i < n; i++) {
        int best = nearest(centres, points[i]);
        if (best != assignment[i]) {
          assignment[i] = best;
          moved = true;
        }
      }
      fillEmptyGroups(points, centres, assignment);
      if (!moved) {
        break;
      }
      for (int c = 0; c < k; c++) {
        double[] centre = new double[d];
        int members = 0;
        for (int i = 0; i < n; i++) {
          if (assignment[i] == c) {
            members++;
            for (int j = 0; j < d; j++) {
              centre[j] += points[i][j];
            }
          }
        }
        for (int j = 0; j < d; j++) {
          centre[j] /= members;
        }
        centres[c] = centre;
      }
    }
    return assignment;
  }

  /** A centre with no member takes the point farthest from its own centre (in a group of 2+). */
  private static void fillEmptyGroups(double[][] points, double[][] centres, int[] assignment) {
    int k = centres.length;
    for (int c = 0; c < k; c++) {
      int[] sizes = new int[k];
      for (int a : assignment) {
        sizes[a]++;
      }
      if (sizes[c] > 0) {
        continue;
      }
      int farthest = -1;
      double farthestDistance = -1;
      for (int i = 0; i < points.length; i++) {
        double dist = squared(points[i], centres[assignment[i]]);
        if (sizes[assignment[i]] > 1 && dist > farthestDistance) {
          farthest = i;
          farthestDistance = dist;
        }
      }
      assignment[farthest] = c;
      centres[c] = points[farthest].clone();
    }
  }

  private static int nearest(double[][] candidates, double[] target) {
    int best = 0;
    double bestDistance = squared(candidates[0], target);
    for (int i = 1; i < candidates.length; i++) {
      double dist = squared(candidates[i], target);
      if (dist < bestDistance) {
        best = i;
        bestDistance = dist;
      }
    }
    return best;
  }

  private static double squared(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      double diff = a[j] - b[j];
      sum += diff * diff;
    }
    return sum;
  }
}
