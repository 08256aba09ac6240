package org.personacollab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.up.KafkaBrokerProcess;
import org.personacollab.cli.up.ManagedProcess;
import org.personacollab.cli.up.Ports;
import org.personacollab.cli.up.RedisProbe;
import org.personacollab.cli.up.RedisServerProcess;
import org.personacollab.cli.up.ServiceJars;
import org.personacollab.cli.up.ServiceProcess;
import org.personacollab.cli.up.ServiceSpec;

/**
 * The system the benchmark drives: either started here the way {@code persona up} starts it, or
 * one already running ({@code --url}).
 *
 * <p>Started here: the Redis on localhost:6379 if one answers (else the embedded one on a free
 * port), a KRaft broker with its log under {@code <data-dir>/kafka}, and the four service jars
 * with the arguments and JVM options {@code persona up} gives them ({@link #serviceSpecs}), on
 * free ports, from copies of the jars. Two additions, both of which leave the code paths alone:
 * a config file that gives this run its own Redis key prefix (the local Redis is shared with
 * other runs, and {@code max_sessions} counts what is under the prefix), and {@code -Xlog:gc} to
 * a file per service.
 */
final class SystemUnderTest implements AutoCloseable {
  /** {@code UpCommand.SERVICE_JVM_ARGS}: the heap and OOM policy of each service under {@code persona up}. */
  static final List<String> PERSONA_UP_JVM_ARGS = List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");

  final URI ws;
  final URI http;
  /** Process name → pid, for CPU accounting (empty for a remote system). */
  final Map<String, Long> pids;
  /** Service name → its Prometheus endpoint (only the gateway's for a remote system). */
  final Map<String, URI> prometheus;
  final String description;
  /** The services' log files (empty for a remote system). */
  final List<Path> serviceLogs;
  private final List<ManagedProcess> processes;
  /** The services started here by name (empty for a remote system). */
  private final Map<String, ServiceProcess> services;

  private SystemUnderTest(
      URI ws, URI http, Map<String, Long> pids, Map<String, URI> prometheus, String description, List<Path> serviceLogs,
      List<ManagedProcess> processes, Map<String, ServiceProcess> services) {
    this.ws = ws;
    this.http = http;
    this.pids = pids;
    this.prometheus = prometheus;
    this.description = description;
    this.serviceLogs = List.copyOf(serviceLogs);
    this.processes = processes;
    this.services = services;
  }

  /** A system someone else started: {@code ws://host:port}. */
  static SystemUnderTest remote(URI ws) {
    URI http = URI.create(("wss".equals(ws.getScheme()) ? "https" : "http") + "://" + ws.getRawAuthority());
    return new SystemUnderTest(
        ws, http, Map.of(), Map.of("gateway-service", http.resolve("/actuator/prometheus")),
        "already running at " + ws, List.of(), new ArrayList<>(), Map.of());
  }

  /**
   * One process a benchmark started itself (the ShareDB server of {@link CompareBench}): its CPU,
   * log and liveness are reported like a service's.
   */
  static SystemUnderTest ofProcess(ManagedProcess process, long pid, URI ws, String description) {
    URI http = URI.create("http://" + ws.getRawAuthority());
    return new SystemUnderTest(
        ws, http, Map.of(process.name(), pid), Map.of(), description, List.of(process.logFile()),
        new ArrayList<>(List.of(process)), Map.of());
  }

  /**
   * Starts Redis (if none answers on 6379), Kafka and the four services, waits until all are
   * ready, and returns. On failure everything started is stopped again.
   */
  static SystemUnderTest start(Path repo, Path dataDir, String redisKeyPrefix, boolean gcLogs, PrintStream out)
      throws IOException {
    return start(repo, dataDir, redisKeyPrefix, gcLogs, Map.of(), out);
  }

  /**
   * As {@link #start(Path, Path, String, boolean, PrintStream)}, with JVM options appended to a
   * service's {@code persona up} ones (service name → options; a later {@code -Xmx} wins over
   * {@code persona up}'s {@code -Xmx384m}).
   */
  static SystemUnderTest start(
      Path repo, Path dataDir, String redisKeyPrefix, boolean gcLogs, Map<String, List<String>> extraJvmArgs, PrintStream out)
      throws IOException {
    Path logs = Files.createDirectories(dataDir.resolve("logs"));
    List<ManagedProcess> started = new ArrayList<>();
    try {
      int redisPort = 6379;
      Map<String, Long> pids = new LinkedHashMap<>();
      if (RedisProbe.probe(redisPort) == RedisProbe.Status.REDIS) {
        out.println("  redis              using the Redis on localhost:" + redisPort);
        CpuSampler.findByName("redis-server").ifPresent(pid -> pids.put("redis", pid));
      } else {
        redisPort = Ports.freePort();
        RedisServerProcess redis = RedisServerProcess.start(dataDir.resolve("redis"), redisPort, logs.resolve("redis.log"));
        started.add(redis);
        redis.awaitReady(Duration.ofSeconds(30));
        out.println("  redis              embedded on localhost:" + redisPort);
        CpuSampler.findByName("redis-server").ifPresent(pid -> pids.put("redis", pid));
      }

      int kafkaPort = Ports.freePort();
      int controllerPort = Ports.freePort();
      long t0 = System.nanoTime();
      KafkaBrokerProcess kafka =
          KafkaBrokerProcess.start(dataDir.resolve("kafka"), kafkaPort, controllerPort, logs.resolve("kafka.log"));
      started.add(kafka);
      kafka.awaitReady(Duration.ofSeconds(120));
      out.printf("  kafka              ready on %s (%.1f s)%n", kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
      pids.put("kafka", kafka.pid());

      Path config = dataDir.resolve("bench-config.yaml");
      // Its own Redis key prefix; limits sized for a load test rather than a workshop: every
      // benchmark client signs in from this one address, and a session holds all its clients.
      Files.writeString(
          config,
          "persona:\n  redis:\n    key-prefix: \"" + redisKeyPrefix + "\"\n"
              + "  gateway:\n    rest-requests-per-second: 10000\n    rest-burst: 100000\n"
              + "collaboration:\n  server:\n    max_sessions: 10000\n    max_participants_per_session: 1000\n");
      Map<String, Integer> ports = new LinkedHashMap<>();
      for (String module : ServiceJars.MODULES) ports.put(module, Ports.freePort());
      int gatewayPort = ports.get("gateway-service");
      t0 = System.nanoTime();
      List<ServiceProcess> services = new ArrayList<>();
      // The jars are copied first: the checkout is shared with builds that may replace them
      // while the benchmark runs, which would break a running JVM's class loading.
      Path jars = dataDir.resolve("jars");
      for (String module : ServiceJars.MODULES) {
        Path from = ServiceJars.locate(repo, module);
        Path to = ServiceJars.expected(jars, module);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      for (ServiceSpec spec : serviceSpecs(jars, ports, kafkaPort, redisPort, logs, config)) {
        List<String> jvm = new ArrayList<>(spec.jvmArgs());
        jvm.addAll(extraJvmArgs.getOrDefault(spec.name(), List.of()));
        if (gcLogs) jvm.add("-Xlog:gc:file=" + logs.resolve(spec.name() + "-gc.log") + ":uptime,level");
        ServiceSpec withGc = new ServiceSpec(spec.name(), spec.jar(), spec.port(), spec.args(), jvm, spec.env(), spec.logFile());
        ServiceProcess p = ServiceProcess.start(withGc);
        started.add(p);
        services.add(p);
      }
      Map<String, URI> prometheus = new LinkedHashMap<>();
      List<Path> serviceLogs = new ArrayList<>();
      Map<String, ServiceProcess> byName = new LinkedHashMap<>();
      for (ServiceProcess p : services) {
        byName.put(p.name(), p);
        serviceLogs.add(p.logFile());
        p.awaitReady(Duration.ofSeconds(180));
        out.printf("  %-18s ready on http://localhost:%d (%.1f s)%n", p.name(), p.port(), (System.nanoTime() - t0) / 1e9);
        pids.put(p.name(), p.pid());
        prometheus.put(p.name(), URI.create("http://localhost:" + p.port() + "/actuator/prometheus"));
      }
      return new SystemUnderTest(
          URI.create("ws://localhost:" + gatewayPort),
          URI.create("http://localhost:" + gatewayPort),
          pids,
          prometheus,
          "started by the benchmark like `persona up` (data and logs in " + dataDir + ")",
          serviceLogs,
          started,
          byName);
    } catch (IOException | RuntimeException e) {
      stopAll(started);
      throw e;
    }
  }

  /**
   * The services as {@code persona up} starts them ({@code UpCommand.serviceSpecs}, which is
   * package-private, so its wiring is restated here: same arguments, same JVM options).
   */
  static List<ServiceSpec> serviceSpecs(
      Path repo, Map<String, Integer> ports, int kafkaPort, int redisPort, Path logs, Path config) {
    List<String> common = List.of(
        "--persona.kafka.bootstrap-servers=localhost:" + kafkaPort,
        "--spring.data.redis.host=localhost",
        "--spring.data.redis.port=" + redisPort,
        "--spring.config.additional-location=optional:file:" + config);
    List<ServiceSpec> specs = new ArrayList<>();
    for (String module : ServiceJars.MODULES) {
      List<String> args = new ArrayList<>(common);
      if (module.equals("generation-service") || module.equals("gateway-service")) {
        args.add("--persona.services.session-url=http://localhost:" + ports.get("session-service"));
      }
      if (module.equals("gateway-service")) {
        args.add("--persona.services.generation-url=http://localhost:" + ports.get("generation-service"));
        args.add("--persona.services.sync-url=http://localhost:" + ports.get("sync-service"));
      }
      if (module.equals("session-service")) {
        args.add("--persona.auth.key-file=" + logs.toAbsolutePath().normalize().getParent().resolve("keys").resolve("session-signing-key.json"));
        args.add("--persona.public-url=http://localhost:" + ports.get("gateway-service"));
      }
      specs.add(ServiceSpec.withServerPort(
          module, ServiceJars.locate(repo, module), ports.get(module), args, PERSONA_UP_JVM_ARGS, logs.resolve(module + ".log")));
    }
    return specs;
  }

  /** A service started here ({@code sync-service}, …). */
  ServiceProcess service(String name) {
    ServiceProcess p = services.get(name);
    if (p == null) throw new IllegalStateException("no service " + name + " started here");
    return p;
  }

  /**
   * Starts one more instance of a service started here: the same jar copy, arguments and JVM
   * options, but its own free server port, name and log file (and no GC log). Waits until it is
   * ready; it is stopped with the rest on {@link #close}.
   */
  ServiceProcess startAnotherInstance(String module, String name) throws IOException {
    ServiceSpec first = service(module).spec();
    int port = Ports.freePort();
    List<String> args = new ArrayList<>();
    for (String a : first.args()) args.add(a.startsWith("--server.port=") ? "--server.port=" + port : a);
    List<String> jvm = first.jvmArgs().stream().filter(a -> !a.startsWith("-Xlog:gc")).toList();
    ServiceSpec spec = new ServiceSpec(name, first.jar(), port, args, jvm, first.env(), first.logFile().resolveSibling(name + ".log"));
    return startAndTrack(spec);
  }

  /** Starts a process again from its spec (its log is appended to), waits until it is ready. */
  ServiceProcess restart(ServiceProcess dead) throws IOException {
    if (dead.isAlive()) throw new IllegalStateException(dead.name() + " is still running");
    return startAndTrack(dead.spec());
  }

  private ServiceProcess startAndTrack(ServiceSpec spec) throws IOException {
    ServiceProcess p = ServiceProcess.start(spec);
    synchronized (processes) {
      processes.add(p);
    }
    p.awaitReady(Duration.ofSeconds(180));
    return p;
  }

  /** Which managed processes are no longer running (a crash during a scenario), or null. */
  @Nullable String deadProcesses() {
    List<String> dead = new ArrayList<>();
    for (ManagedProcess p : processes) if (!p.isAlive()) dead.add(p.name() + " (" + p.describeExit() + ")");
    return dead.isEmpty() ? null : String.join(", ", dead);
  }

  @Override
  public void close() {
    stopAll(processes);
  }

  private static void stopAll(List<ManagedProcess> processes) {
    for (int i = processes.size() - 1; i >= 0; i--) {
      try {
        processes.get(i).stop(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        // keep stopping the others
      }
    }
  }
}
