package org.personacollab.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one scenario measured. Latencies are in the histograms (µs); rates are per second of the
 * measured window.
 *
 * @param totals the sessions' marker-matched numbers, summed
 * @param lag how late the generator submitted measured changes against its schedule (µs)
 * @param made changes made per kind over the whole run (warm-up included), after fallbacks
 * @param generatorCpuSeconds CPU of the generator thread over the whole run (-1 if unknown)
 * @param idle CPU per process and machine busy share over 2 s with the system idle, before the scenario
 * @param cpu CPU per process over the measured window (cores), machine busy share
 * @param gc GC pauses per service over the measured window
 * @param loadAverage {@code /proc/loadavg} at the end of the window
 * @param logEvents lines of interest in the service logs during the scenario ({@link LogWatch})
 * @param timeline fan-out per second of the measured window and the drain
 */
record ScenarioResult(
    Scenario scenario,
    SessionTracker.Totals totals,
    Histogram lag,
    long[] made,
    double generatorCpuSeconds,
    double windowSeconds,
    CpuSampler.Usage idle,
    CpuSampler.Usage cpu,
    Map<String, GcScraper.Pauses> gc,
    String loadAverage,
    Map<String, Long> logEvents,
    String timeline,
    String notes) {

  ScenarioResult withLogEvents(Map<String, Long> events) {
    return new ScenarioResult(scenario, totals, lag, made, generatorCpuSeconds, windowSeconds, idle, cpu, gc,
        loadAverage, Map.copyOf(events), timeline, notes);
  }

  long sequencerRestarts() {
    return logEvents.getOrDefault("sequencer restarts", 0L);
  }

  double submittedPerSecond() {
    return totals.submittedTotal() / windowSeconds;
  }

  double ackedPerSecond() {
    return totals.ackedInWindow / windowSeconds;
  }

  /** Server ops (session version delta) per change submitted in the window. */
  double serverOpsPerChange() {
    long n = totals.submittedTotal();
    return n == 0 ? Double.NaN : (double) totals.serverOps / n;
  }

  Histogram fanout() {
    return totals.fanoutAll;
  }
}
