package org.personacollab.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard ({@code deploy/grafana/persona-collab.json}) and the alert rules
 * ({@code deploy/prometheus/alerts.yaml}) query only series the services expose: every metric name
 * in their PromQL is in {@link PersonaMetrics#PROMETHEUS}, which the services' observability
 * integration tests check against their real {@code /actuator/prometheus}. A renamed meter then
 * fails here instead of leaving an empty panel or an alert that never fires.
 */
class DashboardAndAlertsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/persona-collab.json");
  private static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yaml");
  private static final Path DOC = ROOT.resolve("docs/observability.md");

  @Test
  void dashboard_everyPanelQueriesExposedSeries_throughTheDatasourceVariable() throws IOException {
    JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    JsonNode variables = dashboard.path("templating").path("list");
    assertThat(variables.valueStream().filter(v -> v.path("name").asString().equals("datasource")))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.path("type").asString()).isEqualTo("datasource");
          assertThat(v.path("query").asString()).isEqualTo("prometheus");
        });

    List<JsonNode> panels = new ArrayList<>();
    collectPanels(dashboard.path("panels"), panels);
    Set<String> used = new TreeSet<>();
    int queried = 0;
    for (JsonNode panel : panels) {
      if (panel.path("type").asString().equals("row")) continue;
      queried++;
      String title = panel.path("title").asString();
      assertThat(panel.path("datasource").path("uid").asString()).as("datasource of %s", title).isEqualTo("${datasource}");
      assertThat(panel.path("description").asString()).as("description of %s", title).isNotBlank();
      assertThat(panel.path("targets").size()).as("queries of %s", title).isPositive();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asString();
        Set<String> names = metricNames(expr);
        assertThat(names).as("metrics of %s: %s", title, expr).isNotEmpty();
        assertThat(PersonaMetrics.allPrometheusNames()).as("panel %s queries %s", title, expr).containsAll(names);
        used.addAll(names);
      }
    }
    assertThat(queried).isGreaterThanOrEqualTo(10);
    // Every series of our own meters has a panel (the _max and _sum of histograms aside).
    for (String name : PersonaMetrics.allPrometheusNames()) {
      if (name.startsWith("persona_") && !name.endsWith("_max") && !name.endsWith("_sum") && !name.endsWith("_count")) {
        assertThat(used).as("a panel shows %s", name).contains(name);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void alerts_queryExposedSeries_andEachHasItsSectionInTheDoc() throws IOException {
    Map<String, Object> rules = new Yaml().load(Files.readString(ALERTS));
    String doc = Files.readString(DOC);
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        String alert = (String) rule.get("alert");
        String expr = (String) rule.get("expr");
        alerts.add(alert);
        assertThat(metricNames(expr)).as("metrics of %s", alert).isNotEmpty();
        assertThat(PersonaMetrics.allPrometheusNames()).as("alert %s queries %s", alert, expr).containsAll(metricNames(expr));
        Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
        assertThat(annotations).as("annotations of %s", alert).containsKeys("summary", "description", "runbook_url");
        assertThat(((Map<String, String>) rule.get("labels")).get("severity")).as("severity of %s", alert).isNotBlank();
        String anchor = annotations.get("runbook_url").substring(annotations.get("runbook_url").indexOf('#') + 1);
        assertThat(anchor).isEqualTo(alert.toLowerCase(java.util.Locale.ROOT));
        assertThat(doc).as("docs/observability.md has a section for %s", alert).containsPattern("(?m)^#+ " + alert + "\\s*$");
      }
    }
    assertThat(alerts)
        .contains("PersonaConsumerLagGrowing", "PersonaFanoutP99High", "PersonaSnapshotAgeHigh", "PersonaCircuitBreakerOpen",
            "PersonaGatewaySocketsNearLimit");
  }

  @Test
  void metricNames_readsSeriesNotFunctionsLabelsOrDurations() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, provider) (rate(a_b_bucket{x=\"y_z\", q=~\"$v\"}[5m])))"))
        .containsExactly("a_b_bucket");
    assertThat(metricNames("(max by (application) (c_total) > 100) and (delta(max(d)[5m:30s]) > 0) or on() vector(0)"))
        .containsExactly("c_total", "d");
    assertThat(metricNames("sum(rate(e_sum[5m])) / sum(rate(e_count[5m])) == 1")).containsExactly("e_count", "e_sum");
  }

  /** The series names in a PromQL expression: identifiers that are not functions, keywords, label names or strings. */
  static Set<String> metricNames(String expr) {
    String s = expr
        .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")             // strings
        .replaceAll("\\{[^}]*}", "")                                 // label matchers
        .replaceAll("\\[[^\\]]*]", "")                               // ranges and subqueries
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*").matcher(s);
    while (m.find()) {
      String token = m.group();
      int after = m.end();
      while (after < s.length() && Character.isWhitespace(s.charAt(after))) after++;
      boolean function = after < s.length() && s.charAt(after) == '(';
      if (function || KEYWORDS.contains(token)) continue;
      if (m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1))) continue; // 5m, 1e3
      names.add(token);
    }
    return names;
  }

  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "inf", "nan");

  private static void collectPanels(JsonNode list, List<JsonNode> out) {
    for (JsonNode panel : list) {
      out.add(panel);
      if (panel.has("panels")) collectPanels(panel.path("panels"), out);
    }
  }
}
