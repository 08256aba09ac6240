package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  static final String OT = "# Benchmarks\n\n## OT engine\n\nJava 9.9x.\n";

  @Test
  void updateDoc_noSection_appendsItAndKeepsTheRest() {
    String doc = Report.updateDoc(OT, Report.BEGIN + "\nv1\n" + Report.END);
    assertThat(doc).startsWith(OT).contains("\n## End-to-end fan-out\n\n" + Report.BEGIN + "\nv1\n" + Report.END + "\n");
  }

  @Test
  void updateDoc_existingBlock_isReplaced_handWrittenNotesStay() {
    String once = Report.updateDoc(OT, Report.BEGIN + "\nv1\n" + Report.END) + "\n### Where the time goes\n\nnotes\n";
    String twice = Report.updateDoc(once, Report.BEGIN + "\nv2\n" + Report.END);
    assertThat(twice).contains("v2").doesNotContain("v1").contains("### Where the time goes\n\nnotes\n").startsWith(OT);
  }

  @Test
  void updateDoc_headingWithoutBlock_putsTheBlockUnderIt() {
    String doc = OT + "\n## End-to-end fan-out\n\nold prose\n";
    String updated = Report.updateDoc(doc, Report.BEGIN + "\nv1\n" + Report.END);
    assertThat(updated).contains("## End-to-end fan-out\n\n" + Report.BEGIN).contains("old prose");
  }

  @Test
  void ms_formatsMicroseconds() {
    assertThat(Report.ms(7_340)).isEqualTo("7.3 ms");
    assertThat(Report.ms(123_456)).isEqualTo("123 ms");
  }

  private static ScenarioResult result(double rate, Duration warmup, CpuSampler.Usage cpu) {
    Scenario sc = new Scenario(200, 20, rate, warmup, Duration.ofSeconds(20), Duration.ofSeconds(10),
        Arrivals.POISSON, OpMix.parse(OpMix.DEFAULT), 42);
    return new ScenarioResult(sc, new SessionTracker.Totals(), SessionTracker.histogram(), new long[ChangeKind.values().length],
        -1, 20, cpu, cpu, Map.of(), "", Map.of(), "", "");
  }

  @Test
  void warmups_nameTheFirstRatesLongerOne() {
    CpuSampler.Usage cpu = new CpuSampler.Usage(20, Map.of(), Map.of(), 0.5, 2, List.of());
    assertThat(Report.warmups(List.of(result(1000, Duration.ofSeconds(105), cpu), result(2000, Duration.ofSeconds(15), cpu))))
        .startsWith("15 s warm-up (excluded; the first rate 105 s");
    assertThat(Report.warmups(List.of(result(1000, Duration.ofSeconds(15), cpu), result(2000, Duration.ofSeconds(15), cpu))))
        .isEqualTo("15 s warm-up (excluded)");
    assertThat(Report.warmups(List.of(result(1000, Duration.ofSeconds(105), cpu)))).isEqualTo("105 s warm-up (excluded)");
  }

  @Test
  void breakdown_showsTheJitCompilersShareNextToTheCpu() {
    CpuSampler.Usage cpu = new CpuSampler.Usage(20,
        Map.of("gateway-service", 0.44, "sync-service", 0.36, "kafka", 0.45),
        Map.of("gateway-service", 0.12, "sync-service", 0.25), 0.9, 2, List.of());
    String table = Report.breakdown(List.of(result(1000, Duration.ofSeconds(15), cpu)));
    assertThat(table).contains("of which JIT compiler threads: generator · gateway · sync · kafka · session · generation");
    assertThat(table).contains("| – · 0.12 · 0.25 · – · – · – |");
    // every row has as many cells as the header
    String[] lines = table.split("\n");
    long headerCells = lines[0].chars().filter(c -> c == '|').count();
    assertThat(lines[1].chars().filter(c -> c == '|').count()).isEqualTo(headerCells);
    assertThat(lines[2].chars().filter(c -> c == '|').count()).isEqualTo(headerCells);
  }
}
