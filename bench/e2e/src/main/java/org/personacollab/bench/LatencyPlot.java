package org.personacollab.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The latency-against-load plot of {@link CompareBench}: fan-out p50 (dashed) and p99 (solid)
 * against the offered rate, one colour per system, log latency axis, the p99 limit as a line.
 */
final class LatencyPlot {
  private static final Map<String, String> NAMES = Map.of("persona", "Persona Collab", "sharedb", "ShareDB (MemoryDB)");
  private static final Map<String, Color> COLOURS = Map.of("persona", new Color(0x1f77b4), "sharedb", new Color(0xd62728));

  private LatencyPlot() {}

  private static double lowest(XYSeriesCollection data) {
    double v = Double.MAX_VALUE;
    for (int s = 0; s < data.getSeriesCount(); s++) for (int i = 0; i < data.getItemCount(s); i++) v = Math.min(v, data.getYValue(s, i));
    return v == Double.MAX_VALUE ? 1 : v;
  }

  private static double highest(XYSeriesCollection data) {
    double v = 0;
    for (int s = 0; s < data.getSeriesCount(); s++) for (int i = 0; i < data.getItemCount(s); i++) v = Math.max(v, data.getYValue(s, i));
    return v;
  }

  static void write(Map<String, List<ScenarioResult>> bySystem, long limitMicros, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    int i = 0;
    for (Map.Entry<String, List<ScenarioResult>> e : bySystem.entrySet()) {
      String name = NAMES.getOrDefault(e.getKey(), e.getKey());
      Color colour = COLOURS.getOrDefault(e.getKey(), Color.DARK_GRAY);
      for (double p : new double[] {99, 50}) {
        XYSeries s = new XYSeries(name + " p" + (int) p);
        for (ScenarioResult r : e.getValue()) {
          Histogram f = r.fanout();
          if (f.getTotalCount() > 0) s.add(r.scenario().rate(), Math.max(0.1, f.getValueAtPercentile(p) / 1000.0));
        }
        data.addSeries(s);
        renderer.setSeriesPaint(i, colour);
        renderer.setSeriesStroke(i, p == 50
            ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 5f}, 0f)
            : new BasicStroke(2.5f));
        i++;
      }
    }
    NumberAxis x = new NumberAxis("offered load (changes/s, 200 clients in 20 sessions)");
    x.setAutoRangeIncludesZero(true);
    LogarithmicAxis y = new LogarithmicAxis("fan-out latency (ms, log scale)");
    y.setStrictValuesFlag(false);
    y.setExpTickLabelsFlag(false);
    y.setLog10TickLabelsFlag(false);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ValueMarker limit = new ValueMarker(limitMicros / 1000.0, Color.GRAY,
        new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f));
    limit.setLabel("p99 limit " + limitMicros / 1000 + " ms");
    limit.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    limit.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    limit.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    plot.addRangeMarker(limit);
    // Keep the limit line in view even when every point is far below or above it.
    double lo = Math.min(limitMicros / 1000.0 / 2, lowest(data)), hi = Math.max(limitMicros / 1000.0 * 2, highest(data));
    y.setRange(lo / 1.5, hi * 1.5);
    JFreeChart chart = new JFreeChart("Fan-out latency against load", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.addSubtitle(new TextTitle("p99 solid, p50 dashed; same load generator, op mix and clients for both"));
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
  }
}
