package org.personacollab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.up.ServiceJars;
import org.personacollab.client.PersonaClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-compare}: the same workload against Persona Collab and against ShareDB, one run,
 * one table, one plot (issue 10: "at p99 ≤ 100 ms, at least 1.5× ShareDB's sustained ops/s while
 * keeping a durable log").
 *
 * <p>Both sides get the same {@link Scenario}s (clients, sessions, op mix, seeds, Poisson
 * arrivals, rates stepped up), driven by the same {@link LoadGenerator}, {@link Participant}s and
 * {@link SessionTracker}s through {@link ScenarioRunner}; only the client behind
 * {@link PersonaClient} differs: our {@code ReactorPersonaClient} against the system started as
 * {@code persona up} starts it ({@link SystemUnderTest}), and a {@link ShareDbClient} (ShareDB's
 * wire protocol, one document per session) against {@code bench/sharedb/server.js} (sharedb with
 * its in-memory database, one Node process: {@link ShareDbServer}). A rate is <em>sustained</em>
 * when fan-out p99 ≤ the limit, acknowledgements kept up (≥ 95 % of the offered rate) and
 * nothing was lost, refused or left unobserved; a system's peak is its highest sustained rate.
 */
@Command(
    name = "bench-compare",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Runs the fan-out workload against Persona Collab and ShareDB at stepped rates; table, ratio and plot.")
public final class CompareBench implements Callable<Integer> {
  static final String BEGIN = "<!-- sharedb-compare:begin (written by bench/e2e/compare.sh; edits between these markers are overwritten) -->";
  static final String END = "<!-- sharedb-compare:end -->";
  static final String HEADING = "## Against ShareDB";

  @Option(names = "--systems", split = ",", defaultValue = "persona,sharedb", description = "Which systems, in this order.")
  List<String> systems = new ArrayList<>();

  @Option(names = "--clients", defaultValue = "200", description = "Clients in all.")
  int clients;

  @Option(names = "--sessions", defaultValue = "20", description = "Sessions (ShareDB: documents) the clients are spread over.")
  int sessions;

  @Option(names = "--rates", split = ",", defaultValue = "250,500,1000,1500,2000,3000", paramLabel = "OPS_PER_S",
      description = "Aggregate change rates, one scenario each, in this order, on each system.")
  List<Double> rates = new ArrayList<>();

  @Option(names = "--warmup", defaultValue = "10s", converter = BenchCommand.DurationConverter.class, description = "Warm-up per scenario.")
  Duration warmup = Duration.ofSeconds(10);

  @Option(names = "--jit-warmup", defaultValue = "90s", converter = BenchCommand.DurationConverter.class,
      description = "Added to the first rate's warm-up, on both systems: the JVMs' compilers (our services', and the"
          + " generator's, which ShareDB's run shares) keep a core busy for a minute or two after start. 0s: none.")
  Duration jitWarmup = Duration.ofSeconds(90);

  @Option(names = "--duration", defaultValue = "20s", converter = BenchCommand.DurationConverter.class, description = "Measured time per scenario.")
  Duration duration = Duration.ofSeconds(20);

  @Option(names = "--drain", defaultValue = "10s", converter = BenchCommand.DurationConverter.class, description = "Drain after each scenario.")
  Duration drain = Duration.ofSeconds(10);

  @Option(names = "--p99-limit", defaultValue = "100ms", converter = BenchCommand.DurationConverter.class,
      description = "Fan-out p99 a sustained rate must stay within.")
  Duration p99Limit = Duration.ofMillis(100);

  @Option(names = "--mix", defaultValue = OpMix.DEFAULT, description = "Change kinds and weights.")
  String mix = OpMix.DEFAULT;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of arrivals, participant choice and change content.")
  long seed;

  @Option(names = "--repo", paramLabel = "DIR", description = "The checkout (service jars, bench/sharedb); default: found from the working directory.")
  @Nullable Path repo;

  @Option(names = "--redis-key-prefix", description = "Key prefix of our system in the shared Redis (default: bench-<time>:).")
  @Nullable String redisKeyPrefix;

  @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "bench/e2e/results", description = "Where this run's folder goes.")
  Path resultsDir = Path.of("bench/e2e/results");

  @Option(names = "--doc", paramLabel = "FILE", description = "Markdown file whose \"Against ShareDB\" block to rewrite.")
  @Nullable Path doc;

  @Option(names = "--plot", paramLabel = "PNG", description = "Also write the latency-against-load plot here (always written into the run's folder).")
  @Nullable Path plot;

  @Option(names = "--machine-file", paramLabel = "FILE", description = "Text describing the machine, shown in the doc.")
  @Nullable Path machineFile;

  @Option(names = "--command", paramLabel = "TEXT", description = "The command line to show in the doc.")
  @Nullable String command;

  @Option(names = "--pause", defaultValue = "3s", converter = BenchCommand.DurationConverter.class, description = "Idle time between scenarios.")
  Duration pause = Duration.ofSeconds(3);

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new CompareBench()).setOverwrittenOptionsAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    OpMix opMix = OpMix.parse(mix);
    List<Scenario> scenarios = new ArrayList<>();
    if (jitWarmup.isNegative()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--jit-warmup must be >= 0s, was " + jitWarmup);
    }
    for (int i = 0; i < rates.size(); i++) {
      Duration w = i == 0 ? warmup.plus(jitWarmup) : warmup;
      scenarios.add(new Scenario(clients, sessions, rates.get(i), w, duration, drain, Arrivals.POISSON, opMix, seed + i));
    }
    if (scenarios.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "no --rates given");
    Path root = repo != null ? repo : ServiceJars.repoRoot();
    ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    String stamp = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
    Path dir = resultsDir.resolve(stamp + "-sharedb");
    Path data = Files.createTempDirectory("persona-compare-");

    Map<String, List<ScenarioResult>> bySystem = new LinkedHashMap<>();
    Map<String, String> described = new LinkedHashMap<>();
    Map<String, String> stopped = new LinkedHashMap<>();
    try {
      for (String name : systems) {
        out.println("== system: " + name);
        List<ScenarioResult> results = new ArrayList<>();
        try (SystemUnderTest system = start(name, root, data, stamp, out)) {
          described.put(name, system.description);
          ScenarioRunner runner = name.equals("sharedb")
              ? new ScenarioRunner(system, out, shareDbSessions(system.ws, stamp))
              : new ScenarioRunner(system, out);
          for (Scenario sc : scenarios) {
            out.printf(Locale.ROOT, "== %s, %,.0f ops/s: %d clients in %d sessions, %d s warm-up + %d s measured%n",
                name, sc.rate(), sc.clients(), sc.sessions(), sc.warmup().toSeconds(), sc.duration().toSeconds());
            ScenarioResult r;
            try {
              r = runner.run(sc);
            } catch (RuntimeException e) {
              // e.g. the drain timed out: this rate was far past what the system sustains, and
              // every higher one would be too. The steps before it still count.
              out.println("  FAILED: " + e + "; no higher rate is run on " + name);
              stopped.put(name, String.format(Locale.ROOT, "%,.0f ops/s failed (%s)", sc.rate(), e.getMessage()));
              break;
            }
            results.add(r);
            out.printf(Locale.ROOT, "  achieved %,.0f acked/s; fan-out p50 %s p99 %s; errors: %s; %s%n",
                r.ackedPerSecond(), Report.pct(r.fanout(), 50), Report.pct(r.fanout(), 99), Report.errors(r),
                sustained(r) ? "sustained" : "NOT sustained");
            if (!r.notes().isEmpty()) out.println("  note: " + r.notes());
            Thread.sleep(pause.toMillis());
          }
        }
        bySystem.put(name, results);
        Report.writeFiles(dir.resolve(name), results, "# " + name + "\n\n" + Report.results(results));
      }
    } finally {
      deleteQuietly(data);
    }

    String machine = machineFile != null ? Files.readString(machineFile) : "nproc " + Runtime.getRuntime().availableProcessors();
    String when = started.format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT));
    described.replaceAll((k, v) -> stopped.containsKey(k) ? v + "; stopped stepping up: " + stopped.get(k) : v);
    String section = section(bySystem, described, when, command != null ? command : "bench-compare", machine, dir);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.md"), section + "\n");
    Path png = dir.resolve("latency-vs-load.png");
    LatencyPlot.write(bySystem, p99Limit.toNanos() / 1000, png);
    if (plot != null) Files.copy(png, plot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    out.println();
    out.println(section);
    out.println("Results and plot: " + dir);
    if (doc != null) {
      Files.writeString(doc, updateDoc(Files.readString(doc), section));
      out.println("Updated " + doc);
    }
    return 0;
  }

  private SystemUnderTest start(String name, Path root, Path data, String stamp, PrintStream out) throws IOException {
    return switch (name) {
      case "persona" -> SystemUnderTest.start(
          root, data.resolve("persona"), redisKeyPrefix != null ? redisKeyPrefix : "bench-" + stamp + ":", true, out);
      case "sharedb" -> {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        ShareDbServer server = ShareDbServer.start(root, port, data.resolve("sharedb.log"), List.of());
        try {
          server.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
          server.stop(Duration.ofSeconds(5));
          throw e;
        }
        out.println("  " + server.logTail(1));
        yield SystemUnderTest.ofProcess(server, server.pid(), URI.create("ws://127.0.0.1:" + port),
            "bench/sharedb/server.js (sharedb, MemoryDB, one Node process) on port " + port);
      }
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown system " + name + " (persona or sharedb)");
    };
  }

  /** One ShareDB document per session, its first client creates it; names like ours. */
  private static ScenarioRunner.SessionOpener shareDbSessions(URI ws, String stamp) {
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sharedb-client");
      t.setDaemon(true);
      return t;
    })).build();
    return (sc, s, size) -> {
      String docId = "bench-" + stamp + "-" + sc.label() + "-" + s;
      Map<String, PersonaClient> clients = new LinkedHashMap<>();
      // The document exists before the others subscribe (they then start from its snapshot).
      ShareDbClient creator = new ShareDbClient(ws, docId, true, http);
      creator.connect().block(Duration.ofSeconds(60));
      clients.put("s" + s + "p0", creator);
      for (int i = 1; i < size; i++) clients.put("s" + s + "p" + i, new ShareDbClient(ws, docId, false, http));
      return Map.entry(docId, clients);
    };
  }

  /** Fan-out p99 within the limit, acks kept up with the offered rate, nothing lost or unseen. */
  boolean sustained(ScenarioResult r) {
    Histogram f = r.fanout();
    SessionTracker.Totals t = r.totals();
    return f.getTotalCount() > 0
        && f.getValueAtPercentile(99) <= p99Limit.toNanos() / 1000
        && r.ackedPerSecond() >= 0.95 * r.scenario().rate()
        && t.unobservedTotal() == 0 && t.lost == 0 && t.rejected.isEmpty() && t.submitErrors == 0 && t.duplicates == 0;
  }

  /** The highest sustained offered rate, or 0. */
  double peak(List<ScenarioResult> results) {
    double best = 0;
    for (ScenarioResult r : results) if (sustained(r)) best = Math.max(best, r.scenario().rate());
    return best;
  }

  String section(
      Map<String, List<ScenarioResult>> bySystem, Map<String, String> described, String when, String commandLine,
      String machine, Path dir) {
    StringBuilder b = new StringBuilder(BEGIN).append("\n\n");
    List<ScenarioResult> ours = bySystem.getOrDefault("persona", List.of());
    List<ScenarioResult> theirs = bySystem.getOrDefault("sharedb", List.of());
    long limitMs = p99Limit.toMillis();
    b.append("**Target** (issue 10): at fan-out p99 ≤ ").append(limitMs)
        .append(" ms, at least 1.5× ShareDB's sustained ops/s while keeping a durable log.\n");
    if (!ours.isEmpty() && !theirs.isEmpty()) {
      double a = peak(ours);
      double s = peak(theirs);
      double top = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      String ratio = s == 0 ? (a == 0 ? "neither sustained any rate" : "ShareDB sustained no rate")
          : String.format(Locale.ROOT, "%.2f×", a / s);
      boolean met = s > 0 ? a >= 1.5 * s : a > 0;
      b.append(String.format(Locale.ROOT,
          "**Result: %s.** Highest sustained rate: Persona Collab %,.0f ops/s, ShareDB %,.0f ops/s%s; ratio %s.%n",
          met ? "met" : "not met", a, s,
          s == top ? " (its highest step: a lower bound)" : "", ratio));
    }
    b.append("\nRun: ").append(when).append("  \nCommand: `").append(commandLine).append("`  \n");
    described.forEach((k, v) -> b.append("System ").append(k).append(": ").append(v).append("  \n"));
    b.append("\nMachine:\n\n```\n").append(machine.strip()).append("\n```\n\n");
    Scenario first = new Scenario(clients, sessions, rates.get(0), warmup, duration, drain, Arrivals.POISSON, OpMix.parse(mix), seed);
    b.append(String.format(Locale.ROOT,
        "Settings, the same for both: %d clients in %d sessions (ShareDB: one document per session), Poisson arrivals,"
            + " %d s warm-up (the first rate %d s more, so that the JIT compilers have settled) then %d s measured per rate,"
            + " drain up to %d s, op mix `%s`, seed %d; the rates run one after"
            + " the other on one set of processes per system. Sustained: fan-out p99 ≤ %d ms, acknowledgements ≥ 95 %% of"
            + " the offered rate, no change lost, refused or unobserved.%n%n",
        first.clients(), first.sessions(), first.warmup().toSeconds(), jitWarmup.toSeconds(), first.duration().toSeconds(),
        first.drain().toSeconds(), mix, seed, limitMs));
    b.append("| Offered (ops/s) | Persona Collab achieved | p50 | p99 | errors | ShareDB achieved | p50 | p99 | errors |\n");
    b.append("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |\n");
    for (int i = 0; i < rates.size(); i++) {
      b.append(String.format(Locale.ROOT, "| %,.0f | %s | %s |%n", rates.get(i), cells(ours, i), cells(theirs, i)));
    }
    b.append("\nCPU over the measured window (cores; generator = the load generator's JVM with all 200 clients):\n\n");
    b.append("| Offered (ops/s) | Persona Collab: generator · its own processes (services, Kafka, Redis if started here) · machine busy | ShareDB: generator · node · machine busy |\n");
    b.append("| ---: | --- | --- |\n");
    for (int i = 0; i < rates.size(); i++) {
      b.append(String.format(Locale.ROOT, "| %,.0f | %s | %s |%n", rates.get(i), cpu(ours, i), cpu(theirs, i)));
    }
    b.append("\nPlot: [latency-vs-load.png](latency-vs-load.png) (this run's copy: `").append(dir.resolve("latency-vs-load.png"))
        .append("`). Raw data: `").append(dir).append("` (per system: percentile distributions, per-second timelines, `histograms.hlog`).\n\n");
    b.append(END);
    return b.toString();
  }

  private String cells(List<ScenarioResult> results, int i) {
    if (i >= results.size()) return "– | – | – | –";
    ScenarioResult r = results.get(i);
    String achieved = String.format(Locale.ROOT, "%,.0f", r.ackedPerSecond());
    if (sustained(r)) achieved = "**" + achieved + "**";
    return String.join(" | ", achieved, Report.pct(r.fanout(), 50), Report.pct(r.fanout(), 99), Report.errors(r));
  }

  private static String cpu(List<ScenarioResult> results, int i) {
    if (i >= results.size()) return "–";
    ScenarioResult r = results.get(i);
    Map<String, Double> c = r.cpu().cores();
    double gen = c.getOrDefault("load generator", Double.NaN);
    double system = 0;
    for (Map.Entry<String, Double> e : c.entrySet()) if (!e.getKey().equals("load generator")) system += e.getValue();
    return String.format(Locale.ROOT, "%.2f · %.2f · %.0f %%", gen, system, 100 * r.cpu().machineBusy());
  }

  static String updateDoc(String doc, String block) {
    int begin = doc.indexOf(BEGIN.substring(0, BEGIN.indexOf(' ', 5)));
    int end = doc.indexOf(END);
    if (begin >= 0 && end > begin) return doc.substring(0, begin) + block + doc.substring(end + END.length());
    int heading = doc.indexOf(HEADING + "\n");
    if (heading >= 0) {
      int after = heading + HEADING.length() + 1;
      return doc.substring(0, after) + "\n" + block + "\n" + doc.substring(after);
    }
    String base = doc.endsWith("\n") ? doc : doc + "\n";
    return base + "\n" + HEADING + "\n\n" + block + "\n";
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}
