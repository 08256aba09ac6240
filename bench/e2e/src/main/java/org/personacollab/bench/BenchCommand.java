package org.personacollab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.up.ServiceJars;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-e2e}: starts the system (or connects to one), runs one scenario per rate, prints
 * the results table and writes the raw histograms; with {@code --doc} it also rewrites the
 * generated block of the "End-to-end fan-out" section of {@code docs/benchmarks.md}.
 */
@Command(
    name = "bench-e2e",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Drives N real clients in S sessions at set op rates through the whole path and reports fan-out latency.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--url", paramLabel = "WS_URL", description = "Use a running system (ws://host:port) instead of starting one.")
  @Nullable URI url;

  @Option(names = "--clients", defaultValue = "200", description = "Clients in all.")
  int clients;

  @Option(names = "--sessions", defaultValue = "20", description = "Sessions the clients are spread over.")
  int sessions;

  @Option(names = "--rates", split = ",", defaultValue = "250,500,1000,2000", paramLabel = "OPS_PER_S",
      description = "Aggregate change rates, one scenario each, in this order.")
  List<Double> rates = new ArrayList<>();

  @Option(names = "--warmup", defaultValue = "15s", converter = DurationConverter.class, description = "Warm-up per scenario (not measured).")
  Duration warmup = Duration.ofSeconds(15);

  @Option(
      names = "--jit-warmup",
      defaultValue = "90s",
      converter = DurationConverter.class,
      description = "Added to the first scenario's warm-up. On 2 cores the services' C2 compilers keep a core busy for"
          + " a minute or two after start; measuring then shows the warm-up, not the steady state. 0s: none.")
  Duration jitWarmup = Duration.ofSeconds(90);

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "Measured time per scenario.")
  Duration duration = Duration.ofSeconds(60);

  @Option(names = "--drain", defaultValue = "20s", converter = DurationConverter.class,
      description = "After the load stops, how long to wait for outstanding acks and observations.")
  Duration drain = Duration.ofSeconds(20);

  @Option(names = "--arrivals", defaultValue = "POISSON", description = "POISSON or UNIFORM (evenly spaced).")
  Arrivals arrivals = Arrivals.POISSON;

  @Option(names = "--mix", defaultValue = OpMix.DEFAULT, description = "Change kinds and weights.")
  String mix = OpMix.DEFAULT;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of arrivals, participant choice and change content.")
  long seed;

  @Option(names = "--repo", paramLabel = "DIR", description = "The checkout whose service jars to run (default: found from the working directory).")
  @Nullable Path repo;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Kafka data and service logs of the started system (default: a new temp folder, deleted afterwards).")
  @Nullable Path dataDir;

  @Option(names = "--redis-key-prefix", description = "Key prefix of the started system in the shared Redis (default: bench-<time>:).")
  @Nullable String redisKeyPrefix;

  @Option(names = "--no-gc-log", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Write -Xlog:gc files for the started services (--no-gc-log: don't).")
  boolean gcLog = true;

  @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "bench/e2e/results",
      description = "Where a folder with this run's histograms is written.")
  Path resultsDir = Path.of("bench/e2e/results");

  @Option(names = "--doc", paramLabel = "FILE", description = "Markdown file whose \"End-to-end fan-out\" block to rewrite (docs/benchmarks.md).")
  @Nullable Path doc;

  @Option(names = "--machine-file", paramLabel = "FILE", description = "Text describing the machine, shown in the doc (run.sh writes it).")
  @Nullable Path machineFile;

  @Option(names = "--command", paramLabel = "TEXT", description = "The command line to show in the doc.")
  @Nullable String command;

  @Option(names = "--service-jvm-arg", paramLabel = "ARG",
      description = "A JVM option for every service the benchmark starts, after persona up's own (repeatable), "
          + "e.g. --service-jvm-arg=-Dpersona.kafka.partitions=2 to try a setting.")
  List<String> serviceJvmArgs = new ArrayList<>();

  @Option(names = "--pause", defaultValue = "3s", converter = DurationConverter.class, description = "Idle time between scenarios.")
  Duration pause = Duration.ofSeconds(3);

  private static Map<String, List<String>> everyService(List<String> jvmArgs) {
    Map<String, List<String>> byService = new java.util.LinkedHashMap<>();
    for (String module : ServiceJars.MODULES) byService.put(module, List.copyOf(jvmArgs));
    return byService;
  }

  public static void main(String[] args) {
    // run.sh passes defaults first; options given by the user after them win.
    System.exit(new CommandLine(new BenchCommand()).setOverwrittenOptionsAllowed(true).execute(args));
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
      scenarios.add(new Scenario(clients, sessions, rates.get(i), w, duration, drain, arrivals, opMix, seed + i));
    }
    if (scenarios.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "no --rates given");
    ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    String stamp = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));

    boolean tempData = dataDir == null && url == null;
    Path data = dataDir != null ? dataDir : Files.createTempDirectory("persona-bench-");
    List<ScenarioResult> results = new ArrayList<>();
    out.println("== system");
    try (SystemUnderTest system = url != null
        ? SystemUnderTest.remote(url)
        : SystemUnderTest.start(
            repo != null ? repo : ServiceJars.repoRoot(), data,
            redisKeyPrefix != null ? redisKeyPrefix : "bench-" + stamp + ":", gcLog, everyService(serviceJvmArgs), out)) {
      ScenarioRunner runner = new ScenarioRunner(system, out);
      for (Scenario sc : scenarios) {
        out.printf(Locale.ROOT, "== %,.0f ops/s: %d clients in %d sessions, %d s warm-up + %d s measured%n",
            sc.rate(), sc.clients(), sc.sessions(), sc.warmup().toSeconds(), sc.duration().toSeconds());
        ScenarioResult r = runner.run(sc);
        results.add(r);
        out.printf(Locale.ROOT, "  achieved %,.0f acked/s; fan-out p50 %s p99 %s p99.9 %s max %s; ack p50 %s p99 %s; errors: %s%n",
            r.ackedPerSecond(), Report.pct(r.fanout(), 50), Report.pct(r.fanout(), 99), Report.pct(r.fanout(), 99.9),
            r.fanout().getTotalCount() == 0 ? "–" : Report.ms(r.fanout().getMaxValue()),
            Report.pct(r.totals().ack, 50), Report.pct(r.totals().ack, 99), Report.errors(r));
        if (!r.notes().isEmpty()) out.println("  note: " + r.notes());
        Thread.sleep(pause.toMillis());
      }
      out.println("== done; stopping the system");
      String systemText = system.description;
      Path dir = resultsDir.resolve(stamp);
      String machine = machineFile != null ? Files.readString(machineFile) : "nproc " + Runtime.getRuntime().availableProcessors()
          + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
      Report.RunInfo info = new Report.RunInfo(
          started.format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT)),
          command != null ? command : "bench-e2e " + String.join(" ", rawArgs()),
          machine, systemText, dir.toString());
      String section = Report.section(results, info);
      Report.writeFiles(dir, results, section);
      out.println();
      out.println(Report.verdict(results));
      out.println();
      out.print(Report.results(results));
      out.println();
      out.print(Report.breakdown(results));
      out.println();
      out.println("Histograms: " + dir);
      if (doc != null) {
        Files.writeString(doc, Report.updateDoc(Files.readString(doc), section));
        out.println("Updated " + doc);
      }
    } finally {
      if (tempData) deleteQuietly(data);
    }
    return 0;
  }

  private List<String> rawArgs() {
    return List.of("--clients", "" + clients, "--sessions", "" + sessions, "--rates", rates.toString());
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
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

  /** {@code 15s}, {@code 500ms}, {@code 2m}, or ISO-8601 ({@code PT15S}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      if (v.startsWith("pt")) return Duration.parse(value.strip());
      if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      if (v.endsWith("m")) return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 15s, 500ms or 2m");
    }
  }
}
