package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareBenchTest {
  private static final CpuSampler.Usage CPU = new CpuSampler.Usage(20, Map.of("load generator", 0.3, "sharedb", 0.8), Map.of(), 0.7, 2, List.of());

  /** A result at {@code rate} whose fan-out is {@code p99Ms} for every sample, {@code ackedShare} of the rate acked. */
  private static ScenarioResult result(double rate, long p99Ms, double ackedShare) {
    Scenario sc = new Scenario(200, 20, rate, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(10),
        Arrivals.POISSON, OpMix.parse(OpMix.DEFAULT), 42);
    SessionTracker.Totals t = new SessionTracker.Totals();
    for (int i = 0; i < 1000; i++) t.fanoutAll.recordValue(p99Ms * 1000);
    t.ackedInWindow = (long) (rate * 20 * ackedShare);
    return new ScenarioResult(sc, t, SessionTracker.histogram(), new long[ChangeKind.values().length], -1, 20, CPU, CPU,
        Map.of(), "", Map.of(), "", "");
  }

  private static CompareBench bench(List<Double> rates) {
    CompareBench b = new CompareBench();
    b.rates = rates;
    b.clients = 200;
    b.sessions = 20;
    b.seed = 42;
    b.p99Limit = Duration.ofMillis(100);
    b.mix = OpMix.DEFAULT;
    return b;
  }

  @Test
  void sustained_needsP99WithinTheLimit_andAcksKeepingUp() {
    CompareBench b = bench(List.of(500.0));
    assertThat(b.sustained(result(500, 90, 1.0))).isTrue();
    assertThat(b.sustained(result(500, 120, 1.0))).as("p99 over 100 ms").isFalse();
    assertThat(b.sustained(result(500, 50, 0.90))).as("acks fell behind").isFalse();
  }

  @Test
  void peak_isTheHighestSustainedStep_notTheLastOne() {
    CompareBench b = bench(List.of(250.0, 500.0, 1000.0));
    assertThat(b.peak(List.of(result(250, 20, 1), result(500, 150, 1), result(1000, 80, 1)))).isEqualTo(1000);
    assertThat(b.peak(List.of(result(250, 20, 1), result(500, 60, 1), result(1000, 300, 0.5)))).isEqualTo(500);
    assertThat(b.peak(List.of(result(250, 200, 1)))).isZero();
  }

  @Test
  void section_statesBothPeaksAndTheRatio_andUpdateDocReplacesOnlyTheBlock() {
    CompareBench b = bench(List.of(500.0, 1000.0, 2000.0));
    Map<String, List<ScenarioResult>> by = new LinkedHashMap<>();
    by.put("persona", List.of(result(500, 40, 1), result(1000, 90, 1), result(2000, 400, 0.8)));
    by.put("sharedb", List.of(result(500, 5, 1), result(1000, 8, 1), result(2000, 30, 1)));
    String s = b.section(by, Map.of("persona", "started here", "sharedb", "node"), "today", "compare.sh", "nproc 2", Path.of("r"));
    assertThat(s).startsWith(CompareBench.BEGIN).endsWith(CompareBench.END)
        .contains("**Result: not met.** Highest sustained rate: Persona Collab 1,000 ops/s, ShareDB 2,000 ops/s (its highest step: a lower bound); ratio 0.50×.")
        .contains("| 2,000 | 1,600 | 400 ms | 400 ms | none | **2,000** | 30.0 ms | 30.0 ms | none |");

    String doc = "# Benchmarks\n\n" + CompareBench.HEADING + "\n\n" + CompareBench.BEGIN + "\nold\n" + CompareBench.END + "\n\nprose\n";
    String updated = CompareBench.updateDoc(doc, s);
    assertThat(updated).doesNotContain("\nold\n").contains("ratio 0.50×").endsWith("\n\nprose\n");
  }

  @Test
  void plot_isAPngOfTheSetSize(@TempDir Path dir) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<ScenarioResult>> by = new LinkedHashMap<>();
    by.put("persona", List.of(result(500, 40, 1), result(1000, 90, 1), result(1500, 900, 0.7)));
    by.put("sharedb", List.of(result(500, 5, 1), result(1000, 8, 1), result(1500, 30, 1)));
    Path png = dir.resolve("plot.png");
    LatencyPlot.write(by, 100_000, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(560);
    assertThat(Files.size(png)).isGreaterThan(10_000);
  }
}
