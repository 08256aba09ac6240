package org.personacollab.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.personacollab.cli.up.Ports;
import org.personacollab.cli.up.ServiceJars;
import org.personacollab.cli.up.ServiceProcess;
import org.personacollab.cli.up.ServiceSpec;
import org.personacollab.testkit.Infra;

/**
 * The four services started as child JVMs against the testkit's Kafka and Redis, isolated from
 * every other test by a unique topic and key prefix. Started once per test class.
 */
final class RunningSystem implements AutoCloseable {
  final String prefix;
  final int gatewayPort;
  final int sessionPort;
  final int syncPort;
  final int generationPort;
  final Path logs;
  private final List<ServiceProcess> processes = new ArrayList<>();
  private final List<ServiceSpec> specs = new ArrayList<>();

  private RunningSystem(String prefix, Path logs) {
    this.prefix = prefix;
    this.logs = logs;
    this.gatewayPort = Ports.freePort();
    this.sessionPort = Ports.freePort();
    this.syncPort = Ports.freePort();
    this.generationPort = Ports.freePort();
  }

  /** Starts everything and waits until every service is ready. */
  static RunningSystem start(Map<String, String> extraProperties) throws IOException {
    return start(extraProperties, 1);
  }

  /**
   * Starts everything with {@code syncInstances} sequencers in one consumer group (named
   * {@code sync-service}, {@code sync-service-2}, …) and waits until every service is ready.
   */
  static RunningSystem start(Map<String, String> extraProperties, int syncInstances) throws IOException {
    Infra infra = Infra.get();
    Path repo = Path.of(System.getProperty("persona.repo.root", "..")).toAbsolutePath().normalize();
    Path logs = Files.createDirectories(repo.resolve("system-tests/target/service-logs"));
    RunningSystem system = new RunningSystem(infra.uniquePrefix(), logs);
    try {
      List<String> common = new ArrayList<>();
      infra.springProperties(system.prefix).forEach((k, v) -> common.add("--" + k + "=" + v));
      common.add("--persona.services.session-url=http://localhost:" + system.sessionPort);
      common.add("--persona.services.generation-url=http://localhost:" + system.generationPort);
      common.add("--persona.services.sync-url=http://localhost:" + system.syncPort);
      common.add("--persona.kafka.partitions=4");
      // Fast streams, unless a test wants time to act in the middle of one (a duplicate argument
      // would be read as "2ms,<its value>").
      if (!extraProperties.containsKey("persona.generation.chunk-delay")) common.add("--persona.generation.chunk-delay=2ms");
      // Share links name the gateway people open, as persona up sets it.
      if (!extraProperties.containsKey("persona.public-url")) common.add("--persona.public-url=http://localhost:" + system.gatewayPort);
      common.add("--persona.auth.key-file=" + system.keyFile());
      // Shared by every gateway process, so a client can resume on a restarted gateway.
      common.add("--persona.gateway.client-id-secret=system-tests-client-id-secret");
      extraProperties.forEach((k, v) -> common.add("--" + k + "=" + v));
      system.launch(repo, "session-service", "session-service", system.sessionPort, common);
      system.launch(repo, "sync-service", "sync-service", system.syncPort, common);
      for (int i = 2; i <= syncInstances; i++) {
        system.launch(repo, "sync-service", "sync-service-" + i, Ports.freePort(), common);
      }
      system.launch(repo, "generation-service", "generation-service", system.generationPort, common);
      system.launch(repo, "gateway-service", "gateway-service", system.gatewayPort, common);
      for (ServiceProcess p : system.processes) p.awaitReady(Duration.ofSeconds(120));
      return system;
    } catch (IOException | RuntimeException e) {
      system.close();
      throw e;
    }
  }

  private void launch(Path repo, String module, String name, int port, List<String> common) throws IOException {
    List<String> args = new ArrayList<>(common);
    args.add("--server.port=" + port);
    ServiceSpec spec =
        new ServiceSpec(
            name,
            ServiceJars.locate(repo, module),
            port,
            args,
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
            Map.of(),
            logs.resolve(name + "-" + prefix + ".log"));
    specs.add(spec);
    processes.add(ServiceProcess.start(spec));
  }

  /** Stops one service gracefully (SIGTERM) and starts it again on the same port; waits until ready. */
  void restart(String module) throws IOException {
    int i = indexOf(module);
    processes.get(i).stop(Duration.ofSeconds(20));
    ServiceProcess fresh = ServiceProcess.start(specs.get(i));
    processes.set(i, fresh);
    fresh.awaitReady(Duration.ofSeconds(120));
  }

  /** Kills one service at once (SIGKILL, no shutdown hooks). */
  void kill(String name) {
    processes.get(indexOf(name)).kill();
  }

  /** Starts a killed or stopped service again and waits until it is ready. */
  void startAgain(String name) throws IOException {
    int i = indexOf(name);
    ServiceProcess fresh = ServiceProcess.start(specs.get(i));
    processes.set(i, fresh);
    fresh.awaitReady(Duration.ofSeconds(120));
  }

  private int indexOf(String name) {
    for (int i = 0; i < specs.size(); i++) if (specs.get(i).name().equals(name)) return i;
    throw new IllegalArgumentException("no service " + name);
  }

  /** session-service's signing key (a JWK file it creates on first start). */
  Path keyFile() {
    return logs.resolve("signing-key-" + prefix + ".json");
  }

  String http() {
    return "http://localhost:" + gatewayPort;
  }

  String ws(String sessionId) {
    return "ws://localhost:" + gatewayPort + "/ws/sessions/" + sessionId;
  }

  String ws() {
    return "ws://localhost:" + gatewayPort;
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) processes.get(i).stop(Duration.ofSeconds(10));
  }
}
