package org.personacollab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts lines of interest in the services' log files (only for a system started here), read
 * before and after a scenario: the sequencer restarting its loop, warnings and errors. A restart
 * stops sequencing for as long as the rebuild of every partition takes, so it explains latency
 * spikes that the client side alone cannot.
 */
final class LogWatch {
  /** What is counted, by label: the text a line must contain. */
  static final Map<String, String> PATTERNS = new LinkedHashMap<>();

  static {
    PATTERNS.put("sequencer restarts", "Sequencer loop failed");
    PATTERNS.put("warnings", " WARN ");
    PATTERNS.put("errors", " ERROR ");
  }

  private LogWatch() {}

  /** label → count, summed over {@code logs}; empty if there are none. */
  static Map<String, Long> count(List<Path> logs) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Path log : logs) {
      try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
        lines.forEach(line -> PATTERNS.forEach((label, text) -> {
          if (line.contains(text)) counts.merge(label, 1L, Long::sum);
        }));
      } catch (IOException | java.io.UncheckedIOException e) {
        // a log we cannot read counts nothing
      }
    }
    for (String label : PATTERNS.keySet()) if (!logs.isEmpty()) counts.putIfAbsent(label, 0L);
    return counts;
  }

  static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
    return d;
  }
}
