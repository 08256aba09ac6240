package org.personacollab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.personacollab.cli.up.KafkaBrokerProcess;
import org.personacollab.cli.up.ManagedProcess;
import org.personacollab.cli.up.Ports;
import org.personacollab.cli.up.RedisServerProcess;
import org.personacollab.cli.up.ServiceJars;
import org.personacollab.cli.up.ServiceProcess;
import org.personacollab.cli.up.ServiceSpec;

/**
 * The topology {@link ChaosBench} breaks, every part its own OS process so that each can be
 * killed, paused and started again: a Redis of its own on a free port (never the shared one on
 * 6379: it is restarted), a KRaft broker with its log in {@code <data>/kafka} (restarted on the
 * same log directory and ports), session-service, generation-service, two sync-service instances
 * (one consumer group) and two gateways, wired as {@code persona up} wires them
 * ({@link SystemUnderTest#serviceSpecs}) from copies of the jars.
 */
final class ChaosTopology implements AutoCloseable {
  final Path data;
  final Path logs;
  final int redisPort;
  final int kafkaPort;
  final int controllerPort;
  private final PrintStream out;
  private final List<ManagedProcess> all = new ArrayList<>();
  RedisServerProcess redis;
  KafkaBrokerProcess kafka;
  /** Service name (sync-service, sync-service-2, gateway-service, gateway-service-2, …) → its current process. */
  final Map<String, ServiceProcess> services = new LinkedHashMap<>();

  private ChaosTopology(Path data, PrintStream out) throws IOException {
    this.data = data;
    this.logs = Files.createDirectories(data.resolve("logs"));
    this.out = out;
    this.redisPort = Ports.freePort();
    this.kafkaPort = Ports.freePort();
    this.controllerPort = Ports.freePort();
  }

  static ChaosTopology start(Path repo, Path data, String personaYaml, PrintStream out) throws IOException {
    ChaosTopology t = new ChaosTopology(data, out);
    try {
      t.startAll(repo, personaYaml);
      return t;
    } catch (IOException | RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return key;
  }

  private void startAll(Path repo, String personaYaml) throws IOException {
    long t0 = System.nanoTime();
    redis = startRedis();
    out.printf("  redis              own server on localhost:%d (%.1f s)%n", redisPort, (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    kafka = startKafka();
    out.printf("  kafka              ready on %s (%.1f s)%n", kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9);

    Path config = data.resolve("chaos-config.yaml");
    StringBuilder yaml = new StringBuilder()
        .append("persona:\n  redis:\n    key-prefix: \"chaos:\"\n")
        .append("  gateway:\n    rest-requests-per-second: 10000\n    rest-burst: 100000\n")
        // One client id key for both gateways (as every deployment sets it): a client resumes on
        // either gateway and on a restarted one.
        .append("    client-id-secret: \"").append(java.util.HexFormat.of().formatHex(randomKey())).append("\"\n");
    yaml.append(personaYaml); // more keys under persona:, indented by two spaces
    yaml.append("collaboration:\n  server:\n    max_sessions: 10000\n    max_participants_per_session: 1000\n");
    Files.writeString(config, yaml.toString());

    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String module : ServiceJars.MODULES) ports.put(module, Ports.freePort());
    Path jars = data.resolve("jars");
    for (String module : ServiceJars.MODULES) {
      Path to = ServiceJars.expected(jars, module);
      Files.createDirectories(to.getParent());
      Files.copy(ServiceJars.locate(repo, module), to, StandardCopyOption.REPLACE_EXISTING);
    }
    t0 = System.nanoTime();
    List<ServiceProcess> started = new ArrayList<>();
    for (ServiceSpec spec : SystemUnderTest.serviceSpecs(jars, ports, kafkaPort, redisPort, logs, config)) {
      ServiceProcess p = ServiceProcess.start(spec);
      all.add(p);
      started.add(p);
      services.put(spec.name(), p);
    }
    for (ServiceProcess p : started) {
      p.awaitReady(Duration.ofSeconds(900));
      out.printf("  %-18s ready on http://localhost:%d (%.1f s)%n", p.name(), p.port(), (System.nanoTime() - t0) / 1e9);
    }
    for (String module : List.of("sync-service", "gateway-service")) {
      t0 = System.nanoTime();
      ServiceProcess p = anotherInstance(module, module + "-2");
      out.printf("  %-18s ready on http://localhost:%d (%.1f s)%n", p.name(), p.port(), (System.nanoTime() - t0) / 1e9);
    }
  }

  private RedisServerProcess startRedis() throws IOException {
    RedisServerProcess r = RedisServerProcess.start(data.resolve("redis"), redisPort, logs.resolve("redis.log"));
    all.add(r);
    r.awaitReady(Duration.ofSeconds(30));
    return r;
  }

  private KafkaBrokerProcess startKafka() throws IOException {
    KafkaBrokerProcess k = KafkaBrokerProcess.start(data.resolve("kafka"), kafkaPort, controllerPort, logs.resolve("kafka.log"));
    all.add(k);
    k.awaitReady(Duration.ofSeconds(600));
    return k;
  }

  private ServiceProcess anotherInstance(String module, String name) throws IOException {
    ServiceSpec first = services.get(module).spec();
    int port = Ports.freePort();
    List<String> args = new ArrayList<>();
    for (String a : first.args()) args.add(a.startsWith("--server.port=") ? "--server.port=" + port : a);
    ServiceSpec spec = new ServiceSpec(name, first.jar(), port, args, first.jvmArgs(), first.env(), logs.resolve(name + ".log"));
    return startService(spec);
  }

  private ServiceProcess startService(ServiceSpec spec) throws IOException {
    ServiceProcess p = ServiceProcess.start(spec);
    all.add(p);
    services.put(spec.name(), p);
    p.awaitReady(Duration.ofSeconds(900));
    return p;
  }

  ServiceProcess service(String name) {
    ServiceProcess p = services.get(name);
    if (p == null) throw new IllegalStateException("no service " + name);
    return p;
  }

  URI ws(int gateway) {
    return URI.create("ws://localhost:" + service(gateway == 0 ? "gateway-service" : "gateway-service-2").port());
  }

  URI http() {
    return URI.create("http://localhost:" + service("gateway-service").port());
  }

  /** SIGKILL, then waits until the process is gone. */
  static void kill9(ManagedProcess p, long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (p.isAlive() && System.nanoTime() < deadline) sleep(20);
  }

  /** Starts the service again from its spec (same port, its log appended to); returns when it is ready. */
  ServiceProcess restart(String name) throws IOException {
    ServiceProcess dead = service(name);
    if (dead.isAlive()) throw new IllegalStateException(name + " is still running");
    return startService(dead.spec());
  }

  /** Stops Redis (SIGTERM: it writes its append-only file) and starts it again on the same port and directory. */
  void restartRedis() throws IOException {
    redis.stop(Duration.ofSeconds(10));
    redis = startRedis();
  }

  /** Stops the broker (SIGTERM, SIGKILL after 10 s) and starts it again on the same ports and log directory. */
  void restartKafka() throws IOException {
    kafka.stop(Duration.ofSeconds(10));
    kafka = startKafka();
  }

  static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (p.waitFor() != 0) throw new IOException("kill -" + signal + " " + pid + " failed");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (int i = all.size() - 1; i >= 0; i--) {
      ManagedProcess p = all.get(i);
      try {
        if (p instanceof ServiceProcess s && s.isAlive()) signal(s.pid(), "CONT"); // a paused process cannot stop
        p.stop(Duration.ofSeconds(10));
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }
}
