package org.personacollab.cli.up;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code persona up}: the whole system on one machine without Docker.
 *
 * <ol>
 *   <li>Checks, before starting anything, that the service jars are built and that every port is
 *       free (a Redis that answers PING on the Redis port is used as it is).
 *   <li>Starts Redis (the embedded one, only if none answers), a KRaft Kafka broker with its data
 *       under {@code <data-dir>/kafka}, then session, sync, generation and gateway service, each
 *       waited for until its Actuator readiness says UP.
 *   <li>Prints the web URL and supervises: Ctrl-C (or SIGTERM) stops everything in reverse order
 *       and exits 0; a child that dies on its own is reported with its last log lines, the rest
 *       is stopped, and the exit code is 1.
 * </ol>
 *
 * <p>Every child's output goes to {@code <data-dir>/logs/<name>.log}; the terminal only shows one
 * line per step.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Start Persona Collab on this machine: Redis (if none is running), a Kafka broker and the"
          + " four services, then print the web address. Ctrl-C stops everything.",
      "Needs only a JDK 17+. Data is kept in --data-dir between runs; each process logs to"
          + " <data-dir>/logs/<name>.log."
    })
public final class UpCommand implements Callable<Integer> {

  /** Heap and OOM policy of each service JVM. */
  static final List<String> SERVICE_JVM_ARGS = List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(30);

  @Spec @Nullable CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "./.persona",
      description = "Where Kafka's and Redis's data and the logs are kept.")
  Path dataDir = Path.of("./.persona");

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port of the gateway, which serves the web page.")
  int port = 8080;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
      description = "Port of the Kafka broker.")
  int kafkaPort = 9092;

  @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "9093",
      description = "Port of the Kafka broker's KRaft controller.")
  int controllerPort = 9093;

  @Option(names = "--redis-port", paramLabel = "PORT", defaultValue = "6379",
      description = "Port of Redis: a Redis already answering there is used, else one is started.")
  int redisPort = 6379;

  @Option(names = "--session-port", paramLabel = "PORT", defaultValue = "8081",
      description = "Port of session-service.")
  int sessionPort = 8081;

  @Option(names = "--sync-port", paramLabel = "PORT", defaultValue = "8082",
      description = "Port of sync-service.")
  int syncPort = 8082;

  @Option(names = "--generation-port", paramLabel = "PORT", defaultValue = "8083",
      description = "Port of generation-service.")
  int generationPort = 8083;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML or properties file with your settings (e.g. the collaboration: block),"
          + " given to every service.")
  @Nullable Path config;

  @Option(
      names = "--start-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long to wait for each process to become ready.")
  int startTimeoutSeconds = 120;

  @Option(
      names = "--no-build",
      description = "Skip the rebuild of missing or out-of-date jars (done by the persona script).")
  boolean noBuild;

  /** The checkout whose jars to run; ./persona passes it as -Dpersona.home. */
  @Option(names = "--repo", paramLabel = "DIR", hidden = true)
  @Nullable Path repo;

  private boolean handleSignals = true;
  private @Nullable Supervisor supervisor;

  /** Tests run {@code up} inside their own JVM and must not take over its signals. */
  void handleSignals(boolean handle) {
    this.handleSignals = handle;
  }

  /** What a SIGINT does; for tests. Does nothing before {@code call()} has started. */
  void requestStop() {
    Supervisor current = supervisor;
    if (current != null) {
      current.requestStop();
    }
  }

  @Override
  public Integer call() {
    CommandSpec commandSpec = requireSpec();
    PrintWriter out = commandSpec.commandLine().getOut();
    PrintWriter err = commandSpec.commandLine().getErr();

    // 1. Everything that can be checked without starting anything.
    Map<String, Path> jars = locateJars(repo != null ? repo : ServiceJars.repoRoot());
    @Nullable Path configFile = checkConfig();
    checkPortsDistinct();
    RedisProbe.Status redis = checkPorts();
    Path data = dataDir.toAbsolutePath().normalize();
    Path logs = data.resolve("logs");
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new CliException("cannot create " + logs + ": " + e.getMessage(), e);
    }
    try {
      GatewaySecret.ensure(keysDir(logs));
    } catch (IOException e) {
      throw new CliException("cannot keep the gateway's client id key: " + e.getMessage(), e);
    }

    // 2. Start in order. A stop request (Ctrl-C) stops what runs, which makes the wait fail.
    Supervisor sup = new Supervisor(out, err, STOP_GRACE);
    supervisor = sup;
    Thread hook = new Thread(sup::stopAll, "persona-up-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (handleSignals) {
      Signals.onStopRequest(sup::requestStop);
    }
    try {
      out.println("Starting Persona Collab (data in " + data + ")");
      out.flush();
      try {
        startAll(sup, out, redis, data, logs, jars, configFile);
      } catch (IOException | RuntimeException e) {
        if (sup.isStopRequested()) { // Ctrl-C during start-up: what failed was stopped on purpose
          sup.stopAll();
          out.println("Stopped.");
          return 0;
        }
        sup.stopAll();
        throw e instanceof CliException cli ? cli : new CliException(messageOf(e), e);
      }

      // 3. Up: supervise until Ctrl-C or a crash.
      out.println();
      out.println("Persona Collab is up: http://localhost:" + port + "/");
      out.println("Logs: " + logs);
      out.println("Press Ctrl-C to stop.");
      out.flush();
      int exitCode = sup.superviseUntilStopped();
      if (exitCode == 0) {
        out.println("Stopped.");
        out.flush();
      }
      return exitCode;
    } finally {
      sup.stopAll(); // whatever went wrong (even an Error), no child outlives this command
      supervisor = null;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to; it finds nothing left to stop
      }
    }
  }

  private void startAll(
      Supervisor sup,
      PrintWriter out,
      RedisProbe.Status redis,
      Path data,
      Path logs,
      Map<String, Path> jars,
      @Nullable Path configFile)
      throws IOException {
    Duration timeout = Duration.ofSeconds(startTimeoutSeconds);

    if (redis == RedisProbe.Status.REDIS) {
      step(out, "redis", "using the Redis already running on localhost:" + redisPort);
    } else {
      long t0 = System.nanoTime();
      RedisServerProcess server =
          sup.add(RedisServerProcess.start(data.resolve("redis"), redisPort, logs.resolve("redis.log")));
      server.awaitReady(REDIS_TIMEOUT);
      requireNotStopped(sup);
      step(out, "redis", "ready on localhost:" + redisPort + since(t0) + ", embedded");
    }
    requireNotStopped(sup);

    long t0 = System.nanoTime();
    KafkaBrokerProcess kafka =
        sup.add(KafkaBrokerProcess.start(
            data.resolve("kafka"), kafkaPort, controllerPort, logs.resolve("kafka.log")));
    kafka.awaitReady(timeout);
    requireNotStopped(sup);
    step(out, "kafka", "ready on " + kafka.bootstrapServers() + since(t0));

    // The services do not need each other to start (each waits only for Kafka and Redis), so
    // they start together: on two cores this roughly halves the time to a usable page.
    long started = System.nanoTime();
    List<ServiceProcess> processes = new ArrayList<>();
    for (ServiceSpec service : serviceSpecs(jars, logs, configFile)) {
      requireNotStopped(sup);
      processes.add(sup.add(ServiceProcess.start(service)));
    }
    for (ServiceProcess process : processes) {
      process.awaitReady(timeout);
      requireNotStopped(sup);
      step(out, process.name(), "ready on http://localhost:" + process.port() + since(started));
    }
  }

  /**
   * The four services in start order, with the arguments that wire them to each other, to Kafka
   * and to Redis.
   */
  List<ServiceSpec> serviceSpecs(Map<String, Path> jars, Path logs, @Nullable Path configFile) {
    List<String> common = new ArrayList<>();
    common.add("--persona.kafka.bootstrap-servers=localhost:" + kafkaPort);
    common.add("--spring.data.redis.host=localhost");
    common.add("--spring.data.redis.port=" + redisPort);
    if (configFile != null) {
      common.add("--spring.config.additional-location=optional:file:" + configFile);
    }
    String sessionUrl = "--persona.services.session-url=http://localhost:" + sessionPort;
    String generationUrl = "--persona.services.generation-url=http://localhost:" + generationPort;
    String syncUrl = "--persona.services.sync-url=http://localhost:" + syncPort;

    Map<String, Integer> ports = servicePorts();
    List<ServiceSpec> specs = new ArrayList<>();
    for (String module : ServiceJars.MODULES) {
      List<String> args = new ArrayList<>(common);
      if (module.equals("generation-service") || module.equals("gateway-service")) {
        args.add(sessionUrl);
      }
      if (module.equals("gateway-service")) {
        args.add(generationUrl);
        args.add(syncUrl);
        // The key that signs client ids, with the data: clients resume across a restart.
        args.add("--spring.config.import=optional:file:" + keysDir(logs).resolve(GatewaySecret.FILE));
      }
      if (module.equals("session-service")) {
        // The key that signs tokens lives with the data, so a second up keeps everyone signed in.
        args.add("--persona.auth.key-file=" + keysDir(logs).resolve("session-signing-key.json"));
        args.add("--persona.public-url=http://localhost:" + port);
      }
      specs.add(
          ServiceSpec.withServerPort(
              module,
              jars.get(module),
              ports.get(module),
              args,
              SERVICE_JVM_ARGS,
              logs.resolve(module + ".log")));
    }
    return specs;
  }

  private static Path keysDir(Path logs) {
    return logs.toAbsolutePath().normalize().getParent().resolve("keys");
  }

  private Map<String, Integer> servicePorts() {
    return Map.of(
        "session-service", sessionPort,
        "sync-service", syncPort,
        "generation-service", generationPort,
        "gateway-service", port);
  }

  /** Every port this command binds, in the order they are checked, with the option that sets it. */
  private Map<String, Integer> portOptions() {
    Map<String, Integer> options = new LinkedHashMap<>();
    options.put("--kafka-port", kafkaPort);
    options.put("--controller-port", controllerPort);
    options.put("--session-port", sessionPort);
    options.put("--sync-port", syncPort);
    options.put("--generation-port", generationPort);
    options.put("--port", port);
    return options;
  }

  private Map<String, Path> locateJars(Path root) {
    Map<String, Path> jars = new LinkedHashMap<>();
    for (String module : ServiceJars.MODULES) {
      try {
        jars.put(module, ServiceJars.locate(root, module));
      } catch (IllegalStateException e) {
        throw new CliException(e.getMessage());
      }
    }
    return jars;
  }

  private @Nullable Path checkConfig() {
    if (config == null) {
      return null;
    }
    Path file = config.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new CliException("config file " + file + " does not exist (--config)");
    }
    return file;
  }

  private void checkPortsDistinct() {
    Map<String, Integer> all = new LinkedHashMap<>(portOptions());
    all.put("--redis-port", redisPort);
    Map<Integer, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> entry : all.entrySet()) {
      int value = entry.getValue();
      if (value < 1 || value > 65_535) {
        throw new CliException(entry.getKey() + " must be a port between 1 and 65535, not " + value);
      }
      String other = seen.putIfAbsent(value, entry.getKey());
      if (other != null) {
        throw new CliException(
            "%s and %s are both %d; give each its own port".formatted(other, entry.getKey(), value));
      }
    }
  }

  /** Fails with one line naming the taken ports; returns what answers on the Redis port. */
  private RedisProbe.Status checkPorts() {
    List<Integer> taken = new ArrayList<>();
    List<String> options = new ArrayList<>();
    portOptions().forEach((option, value) -> {
      if (!Ports.isFree(value)) {
        taken.add(value);
        options.add(option);
      }
    });
    if (taken.size() == 1) {
      throw new CliException(
          "port %d is already in use; stop what uses it or choose another with %s"
              .formatted(taken.get(0), options.get(0)));
    }
    if (!taken.isEmpty()) {
      throw new CliException(
          "ports %s are already in use; stop what uses them or choose others with %s"
              .formatted(and(taken.stream().map(String::valueOf).toList()), and(options)));
    }
    RedisProbe.Status redis = RedisProbe.probe(redisPort);
    switch (redis) {
      case OTHER -> throw new CliException(
          ("port %d is in use by something that is not Redis; stop it, or choose another port with"
              + " --redis-port (a free port gets an embedded Redis)").formatted(redisPort));
      case REDIS_NEEDS_PASSWORD -> throw new CliException(
          ("the Redis on port %d wants a password; choose another port with --redis-port"
              + " (a free port gets an embedded Redis)").formatted(redisPort));
      default -> {
        return redis;
      }
    }
  }

  private static String and(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static void requireNotStopped(Supervisor sup) {
    if (sup.isStopRequested()) {
      throw new IllegalStateException("start-up cancelled");
    }
  }

  private static void step(PrintWriter out, String name, String message) {
    out.printf("  %-19s %s%n", name, message);
    out.flush();
  }

  private static String since(long startNanos) {
    return String.format(java.util.Locale.ROOT, " (%.1f s)", (System.nanoTime() - startNanos) / 1e9);
  }

  private static String messageOf(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private CommandSpec requireSpec() {
    CommandSpec current = spec;
    if (current == null) {
      throw new IllegalStateException("UpCommand must be run through picocli");
    }
    return current;
  }
}
