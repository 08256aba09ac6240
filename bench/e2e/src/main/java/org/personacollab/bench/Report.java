package org.personacollab.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Turns scenario results into Markdown (the "End-to-end fan-out" section of {@code
 * docs/benchmarks.md}) and into small text files under the results folder: one percentile
 * distribution file per scenario and one HdrHistogram log with every histogram, tagged.
 */
final class Report {
  static final String HEADING = "## End-to-end fan-out";
  static final String BEGIN = "<!-- e2e-fanout:begin (written by bench/e2e/run.sh; edits between these markers are overwritten) -->";
  static final String END = "<!-- e2e-fanout:end -->";

  /** DESIGN §10's fan-out target. */
  static final double TARGET_RATE = 1000;
  static final long TARGET_P50_US = 10_000;
  static final long TARGET_P99_US = 50_000;

  private Report() {}

  /** Latency for a table cell: 0.1 ms resolution below 100 ms, seconds from 10 s. */
  static String ms(long micros) {
    double m = micros / 1000.0;
    if (m < 100) return String.format(Locale.ROOT, "%.1f ms", m);
    if (m < 10_000) return String.format(Locale.ROOT, "%.0f ms", m);
    return String.format(Locale.ROOT, "%.1f s", m / 1000);
  }

  static String results(List<ScenarioResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("| Offered (ops/s) | Achieved (acked/s) | Fan-out p50 | p99 | p99.9 | max | Ack p50 | Ack p99 | Server ops / change | Errors |\n");
    b.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (ScenarioResult r : results) {
      Histogram f = r.fanout();
      Histogram a = r.totals().ack;
      b.append(String.format(Locale.ROOT, "| %,.0f | %,.0f | %s | %s | %s | %s | %s | %s | %.2f | %s |\n",
          r.scenario().rate(), r.ackedPerSecond(),
          pct(f, 50), pct(f, 99), pct(f, 99.9), f.getTotalCount() == 0 ? "–" : ms(f.getMaxValue()),
          pct(a, 50), pct(a, 99), r.serverOpsPerChange(), errors(r)));
    }
    return b.toString();
  }

  static String breakdown(List<ScenarioResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("| Offered (ops/s) | Submit → sequenced (`ts`) p50 / p99 | of which sent at once: submit → `ts` p50 / p99, ack p50 / p99 (n) | `ts` → frame at receiver p50 / p99 | CPU cores: generator · gateway · sync · kafka · redis · session · generation · other | of which JIT compiler threads: generator · gateway · sync · kafka · session · generation | Machine busy (idle system before) | GC pauses in window | Generator lag p99 / max |\n");
    b.append("| ---: | --- | --- | --- | --- | --- | ---: | --- | --- |\n");
    for (ScenarioResult r : results) {
      SessionTracker.Totals t = r.totals();
      Map<String, Double> c = r.cpu().cores();
      String cpu = String.join(" · ",
          core(c, "load generator"), core(c, "gateway-service"), core(c, "sync-service"), core(c, "kafka"),
          core(c, "redis"), core(c, "session-service"), core(c, "generation-service"),
          Double.isNaN(r.cpu().machineBusy()) ? "–" : String.format(Locale.ROOT, "%.2f", r.cpu().otherCores()));
      Map<String, Double> j = r.cpu().jit();
      String jit = String.join(" · ",
          core(j, "load generator"), core(j, "gateway-service"), core(j, "sync-service"), core(j, "kafka"),
          core(j, "session-service"), core(j, "generation-service"));
      b.append(String.format(Locale.ROOT, "| %,.0f | %s / %s | %s / %s, %s / %s (%,d) | %s / %s | %s | %s | %s | %s | %s / %s |\n",
          r.scenario().rate(),
          pct(t.upstream, 50), pct(t.upstream, 99),
          pct(t.upstreamDirect, 50), pct(t.upstreamDirect, 99), pct(t.ackDirect, 50), pct(t.ackDirect, 99), t.ackDirect.getTotalCount(),
          pct(t.downstream, 50), pct(t.downstream, 99),
          cpu,
          jit,
          Double.isNaN(r.cpu().machineBusy()) ? "–" : String.format(Locale.ROOT, "%.0f %% (%.0f %%)", 100 * r.cpu().machineBusy(), 100 * r.idle().machineBusy()),
          gc(r.gc()), pct(r.lag(), 99), r.lag().getTotalCount() == 0 ? "–" : ms(r.lag().getMaxValue())));
    }
    return b.toString();
  }

  static String byKind(List<ScenarioResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("| Offered (ops/s) |");
    for (ChangeKind k : ChangeKind.values()) b.append(' ').append(k.label).append(" p50 / p99 (n) |");
    b.append("\n| ---: |");
    for (ChangeKind ignored : ChangeKind.values()) b.append(" --- |");
    b.append('\n');
    for (ScenarioResult r : results) {
      b.append(String.format(Locale.ROOT, "| %,.0f |", r.scenario().rate()));
      for (ChangeKind k : ChangeKind.values()) {
        Histogram h = r.totals().fanout.get(k);
        b.append(String.format(Locale.ROOT, " %s / %s (%,d) |", pct(h, 50), pct(h, 99), r.totals().submitted[k.ordinal()]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String core(Map<String, Double> cores, String name) {
    Double v = cores.get(name);
    return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String gc(Map<String, GcScraper.Pauses> gc) {
    if (gc.isEmpty()) return "–";
    List<String> parts = new ArrayList<>();
    gc.forEach((name, p) -> parts.add(String.format(Locale.ROOT, "%s %.0f × / %.0f ms",
        name.replace("-service", ""), p.count(), p.seconds() * 1000)));
    return String.join("; ", parts);
  }

  static String pct(Histogram h, double p) {
    return h.getTotalCount() == 0 ? "–" : ms(h.getValueAtPercentile(p));
  }

  /** The errors cell: nacks by code, refusals, lost, reconnects, resets, unobserved; "none". */
  static String errors(ScenarioResult r) {
    SessionTracker.Totals t = r.totals();
    List<String> parts = new ArrayList<>();
    if (r.sequencerRestarts() > 0) parts.add("**sequencer restarts ×" + r.sequencerRestarts() + "**");
    t.nacks.forEach((code, n) -> parts.add("nack " + code + " ×" + n));
    t.rejected.forEach((code, n) -> parts.add("refused " + code + " ×" + n));
    if (t.lost > 0) parts.add("lost ×" + t.lost);
    if (t.submitErrors > 0) parts.add("submit errors ×" + t.submitErrors);
    if (t.reconnects > 0) parts.add("reconnects ×" + t.reconnects);
    if (t.resets > 0) parts.add("resyncs ×" + t.resets);
    long unobserved = t.unobservedTotal();
    if (unobserved > 0) {
      List<String> kinds = new ArrayList<>();
      for (ChangeKind k : ChangeKind.values()) if (t.unobserved[k.ordinal()] > 0) kinds.add(k.label + " " + t.unobserved[k.ordinal()]);
      parts.add("unobserved ×" + unobserved + " (" + String.join(", ", kinds) + ")");
    }
    if (t.reseen > 0) parts.add("re-applied after a resync ×" + t.reseen);
    if (t.duplicates > 0) parts.add("**seen twice ×" + t.duplicates + "**");
    if (t.strays > 0) parts.add("unknown markers ×" + t.strays);
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  /** The verdict on DESIGN §10's target, from the scenario run at 1,000 ops/s (if any). */
  static String verdict(List<ScenarioResult> results) {
    for (ScenarioResult r : results) {
      if (r.scenario().rate() == TARGET_RATE) {
        Histogram f = r.fanout();
        if (f.getTotalCount() == 0) return "**Result: no fan-out was observed at 1,000 ops/s.**";
        long p50 = f.getValueAtPercentile(50);
        long p99 = f.getValueAtPercentile(99);
        boolean met = p50 <= TARGET_P50_US && p99 <= TARGET_P99_US;
        String shape = r.scenario().clients() == 200 && r.scenario().sessions() == 20
            ? "" : String.format(Locale.ROOT, " (but with %d clients in %d sessions, not 200 in 20)", r.scenario().clients(), r.scenario().sessions());
        return String.format(Locale.ROOT, "**Result: %s** at 1,000 ops/s: p50 %s (target ≤ 10 ms), p99 %s (target ≤ 50 ms)%s.",
            met ? "met" : "not met", ms(p50), ms(p99), shape);
      }
    }
    return "**Result: not measured** (no scenario at 1,000 ops/s in this run).";
  }

  /** "15 s warm-up (excluded)", and the first rate's longer one if it had one (`--jit-warmup`). */
  static String warmups(List<ScenarioResult> results) {
    long first = results.get(0).scenario().warmup().toSeconds();
    long rest = results.size() > 1 ? results.get(results.size() - 1).scenario().warmup().toSeconds() : first;
    if (results.size() == 1 || first == rest) return first + " s warm-up (excluded)";
    return String.format(Locale.ROOT,
        "%d s warm-up (excluded; the first rate %d s, so that the services' JIT compilers have settled before anything is measured)",
        rest, first);
  }

  /** The generated block of the docs section (between the markers). */
  static String section(List<ScenarioResult> results, RunInfo info) {
    Scenario first = results.get(0).scenario();
    StringBuilder b = new StringBuilder();
    b.append(BEGIN).append("\n\n");
    b.append("**Target** (DESIGN.md §10): edit fan-out through the whole path (client → gateway → Kafka → sync →"
        + " Kafka → gateway → other client) p50 ≤ 10 ms, p99 ≤ 50 ms at 1,000 ops/s, 200 clients in 20 sessions.\n");
    b.append(verdict(results)).append("\n\n");
    b.append("Run: ").append(info.date()).append("  \n");
    b.append("Command: `").append(info.command()).append("`  \n");
    b.append("System: ").append(info.system()).append("\n\n");
    b.append("Machine:\n\n```\n").append(info.machine().strip()).append("\n```\n\n");
    b.append(String.format(Locale.ROOT,
        "Settings: %d clients in %d sessions (%d per session, so every change fans out to %d others), %s arrivals,"
            + " %s then %d s measured per rate, drain up to %d s; op mix `%s`; seed %d."
            + " The load generator (200 real `PersonaClient`s on reactor-netty, one scheduling thread) runs on the"
            + " same 2 cores as the system.\n\n",
        first.clients(), first.sessions(), first.clients() / first.sessions(), first.clients() / first.sessions() - 1,
        first.arrivals().name().toLowerCase(Locale.ROOT), warmups(results), first.duration().toSeconds(),
        first.drain().toSeconds(), first.mix(), first.seed()));
    b.append(results(results)).append('\n');
    b.append("Fan-out latency: from the moment a client submits a change (`submitWith`) to the moment each other client of the"
        + " session has applied it (its `REMOTE` document event), one sample per change × receiver, matched by a marker"
        + " character unique in the session. Ack: submit to the sender's own op coming back. Achieved: acknowledgements per"
        + " second during the measured window. Server ops / change: session version delta ÷ changes submitted in the"
        + " window (below 1 when the client composed changes made while one was in flight). Errors: nacks by code"
        + " (retriable ones are retried by the client), refusals, lost changes, reconnects, and unobserved = expected"
        + " (change × receiver) observations that never arrived.\n\n");
    b.append("Measured breakdown (`ts` is the sequencer's timestamp, epoch ms, taken when sync-service starts a batch;"
        + " both halves therefore have 1 ms resolution. \"Sent at once\": changes made while their sender had nothing"
        + " unacknowledged, so they did not wait in the client's pending op: a pure round trip. CPU in cores over the"
        + " measured window, from `/proc`; \"other\" is everything else on the machine, named below the table):\n\n");
    b.append(breakdown(results)).append('\n');
    List<String> others = new ArrayList<>();
    for (ScenarioResult r : results) {
      if (!r.cpu().others().isEmpty()) {
        others.add(String.format(Locale.ROOT, "%,.0f ops/s: %s", r.scenario().rate(), String.join(", ", r.cpu().others())));
      }
    }
    if (!others.isEmpty()) {
      b.append("Other processes that ran through the whole window (cores): ").append(String.join("; ", others))
          .append(". The rest of \"other\" is kernel time (loopback networking) and processes that started or ended"
              + " inside the window (other builds and tests on this shared machine).\n\n");
    }
    b.append("Fan-out by change kind (p50 / p99, measured changes):\n\n");
    b.append(byKind(results)).append('\n');
    for (ScenarioResult r : results) {
      if (!r.notes().isEmpty()) b.append("Note (").append(String.format(Locale.ROOT, "%,.0f", r.scenario().rate())).append(" ops/s): ").append(r.notes()).append("\n\n");
    }
    b.append("Service log lines during each scenario (system started here only): ");
    List<String> logs = new ArrayList<>();
    for (ScenarioResult r : results) {
      if (!r.logEvents().isEmpty()) logs.add(String.format(Locale.ROOT, "%,.0f ops/s: %s", r.scenario().rate(), r.logEvents()));
    }
    b.append(logs.isEmpty() ? "not available" : String.join("; ", logs)).append(".\n\n");
    b.append("Raw data: `").append(info.resultsDir()).append("` (percentile distributions per rate, fan-out per second in"
        + " `*-timeline.txt`, all histograms in `histograms.hlog`).\n\n");
    b.append(END);
    return b.toString();
  }

  /** Run facts shown in the section. */
  record RunInfo(String date, String command, String machine, String system, String resultsDir) {}

  /** Replaces the generated block of the section in {@code doc}, creating the section if needed. */
  static String updateDoc(String doc, String block) {
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    if (begin >= 0 && end > begin) {
      return doc.substring(0, begin) + block + doc.substring(end + END.length());
    }
    int heading = doc.indexOf(HEADING + "\n");
    if (heading >= 0) {
      int after = heading + HEADING.length() + 1;
      return doc.substring(0, after) + "\n" + block + "\n" + doc.substring(after);
    }
    String base = doc.endsWith("\n") ? doc : doc + "\n";
    return base + "\n" + HEADING + "\n\n" + block + "\n";
  }

  /** Writes the percentile distributions and the histogram log of every scenario into {@code dir}. */
  static void writeFiles(Path dir, List<ScenarioResult> results, String section) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.md"), section + "\n");
    try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("histograms.hlog")), true, StandardCharsets.UTF_8)) {
      HistogramLogWriter writer = new HistogramLogWriter(log);
      writer.outputComment("Persona Collab end-to-end fan-out benchmark; values in microseconds; tag = scenario/metric");
      writer.outputLogFormatVersion();
      writer.outputLegend();
      for (ScenarioResult r : results) {
        for (Map.Entry<String, Histogram> e : histograms(r).entrySet()) {
          Histogram h = e.getValue().copy();
          h.setTag(r.scenario().label() + "/" + e.getKey());
          h.setStartTimeStamp(0);
          h.setEndTimeStamp((long) (r.windowSeconds() * 1000));
          writer.outputIntervalHistogram(h);
        }
      }
    }
    for (ScenarioResult r : results) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (PrintStream p = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        for (Map.Entry<String, Histogram> e : histograms(r).entrySet()) {
          if (e.getKey().startsWith("fanout-")) continue; // per kind: in histograms.hlog only
          p.printf("# %s %s: %d samples, values in ms%n", r.scenario().label(), e.getKey(), e.getValue().getTotalCount());
          if (e.getValue().getTotalCount() > 0) e.getValue().outputPercentileDistribution(p, 2, 1000.0);
          p.println();
        }
      }
      Files.write(dir.resolve(r.scenario().label() + ".hgrm"), bytes.toByteArray());
      Files.writeString(dir.resolve(r.scenario().label() + "-timeline.txt"), r.timeline());
    }
  }

  private static Map<String, Histogram> histograms(ScenarioResult r) {
    Map<String, Histogram> m = new java.util.LinkedHashMap<>();
    m.put("fanout", r.fanout());
    for (ChangeKind k : ChangeKind.values()) m.put("fanout-" + k.label, r.totals().fanout.get(k));
    m.put("ack", r.totals().ack);
    m.put("ack-sent-at-once", r.totals().ackDirect);
    m.put("submit-to-ts-sent-at-once", r.totals().upstreamDirect);
    m.put("submit-to-ts", r.totals().upstream);
    m.put("ts-to-receiver-frame", r.totals().downstream);
    m.put("generator-lag", r.lag());
    return m;
  }
}
