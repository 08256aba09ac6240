package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.PersonaCli;
import org.personacollab.cli.up.fixture.FixtureJar;
import picocli.CommandLine;

/**
 * {@code persona up} end to end with stand-ins for the four services (the fixture jar at each
 * service's jar path), a real Kafka broker and an embedded Redis on free ports.
 */
class UpCommandIntegrationTest {

  @TempDir Path tmp;

  /** One {@code persona up} running in a background thread of the test JVM. */
  private final class Up {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final UpCommand command;
    final CompletableFuture<Integer> exit;
    final Map<String, Integer> ports;

    Up(Path repo, Path data) {
      CommandLine cli = PersonaCli.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      command = cli.getSubcommands().get("up").getCommand();
      command.handleSignals(false);
      ports = new java.util.LinkedHashMap<>();
      List<String> args = new ArrayList<>(List.of("up", "--repo", repo.toString(), "--data-dir",
          data.toString(), "--start-timeout", "90"));
      for (String option : List.of("--port", "--session-port", "--sync-port", "--generation-port",
          "--kafka-port", "--controller-port", "--redis-port")) {
        int port = Ports.freePort();
        ports.put(option, port);
        args.add(option);
        args.add(Integer.toString(port));
      }
      exit = CompletableFuture.supplyAsync(() -> cli.execute(args.toArray(String[]::new)));
    }

    void awaitOutput(String text, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!out.toString().contains(text) && !exit.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(out.toString()).as("stderr: %s", err).contains(text);
    }
  }

  private Path checkout(Map<String, Map<String, String>> misbehaviour) throws IOException {
    Path repo = tmp.resolve("repo");
    for (String module : ServiceJars.MODULES) {
      FixtureJar.write(ServiceJars.expected(repo, module), misbehaviour.getOrDefault(module, Map.of()));
    }
    return repo;
  }

  @Test
  void up_startsEverythingInOrder_printsUrl_andStopsInReverseOnRequest() throws Exception {
    Path data = tmp.resolve("data");
    Up up = new Up(checkout(Map.of()), data);

    up.awaitOutput("Press Ctrl-C to stop.", Duration.ofSeconds(150));
    int gateway = up.ports.get("--port");
    List<String> lines = up.out.toString().lines().map(String::strip).toList();
    assertThat(lines).filteredOn(l -> l.contains(" ready on "))
        .extracting(l -> l.split("\\s+")[0])
        .containsExactly("redis", "kafka", "session-service", "sync-service", "generation-service",
            "gateway-service");
    assertThat(lines).contains("Persona Collab is up: http://localhost:" + gateway + "/",
        "Logs: " + data.toAbsolutePath().normalize().resolve("logs"));

    // Each service got the wiring it needs.
    String kafka = "--persona.kafka.bootstrap-servers=localhost:" + up.ports.get("--kafka-port");
    String redis = "--spring.data.redis.port=" + up.ports.get("--redis-port");
    String sessionUrl = "--persona.services.session-url=http://localhost:" + up.ports.get("--session-port");
    String generationUrl =
        "--persona.services.generation-url=http://localhost:" + up.ports.get("--generation-port");
    Path logs = data.resolve("logs");
    assertThat(Files.readString(logs.resolve("gateway-service.log")))
        .contains("--server.port=" + gateway, kafka, redis, sessionUrl, generationUrl);
    assertThat(Files.readString(logs.resolve("sync-service.log"))).contains(kafka, redis)
        .doesNotContain(sessionUrl);
    assertThat(RedisProbe.probe(up.ports.get("--redis-port"))).isEqualTo(RedisProbe.Status.REDIS);
    assertThat(data.resolve("kafka/data/meta.properties")).exists();
    assertThat(data.resolve("redis")).isDirectory();
    assertThat(up.err.toString()).isEmpty();

    // Ctrl-C
    up.command.requestStop();

    assertThat(up.exit.get(60, TimeUnit.SECONDS)).isZero();
    List<String> stopping = up.out.toString().lines().map(String::strip)
        .filter(l -> l.endsWith(" stopping")).map(l -> l.split("\\s+")[0]).toList();
    assertThat(stopping).containsExactly("gateway-service", "generation-service", "sync-service",
        "session-service", "kafka", "redis");
    assertThat(up.out.toString()).endsWith("Stopped." + System.lineSeparator());
    for (int port : up.ports.values()) {
      assertThat(Ports.isFree(port)).as("port %d is released", port).isTrue();
    }
    assertThat(Files.readString(logs.resolve("session-service.log"))).contains("shutdown hook (SIGTERM)");
  }

  @Test
  void up_serviceFailsToStart_reportsItWithLogTail_stopsWhatStarted_exitCode1() throws Exception {
    Path data = tmp.resolve("data");
    Up up = new Up(checkout(Map.of("generation-service", Map.of("fixture.fail-at-start", "true"))), data);

    int exitCode = up.exit.get(150, TimeUnit.SECONDS);

    assertThat(exitCode).isEqualTo(1);
    assertThat(up.err.toString())
        .startsWith("persona: generation-service exited with code 2 before it was ready; last lines of "
            + data.toAbsolutePath().normalize().resolve("logs/generation-service.log") + ":")
        .contains("APPLICATION FAILED TO START")
        .doesNotContain("\tat ");
    assertThat(up.out.toString()).doesNotContain("Press Ctrl-C");
    List<String> stopping = up.out.toString().lines().map(String::strip)
        .filter(l -> l.endsWith(" stopping")).map(l -> l.split("\\s+")[0]).toList();
    // All four services start together, so the gateway had started too; stops run in reverse.
    assertThat(stopping).containsExactly("gateway-service", "sync-service", "session-service", "kafka", "redis");
    for (int port : up.ports.values()) {
      assertThat(Ports.isFree(port)).as("port %d is released", port).isTrue();
    }
  }

  @Test
  void up_ctrlCDuringStartUp_stopsWhatStarted_exitCode0() throws Exception {
    Path data = tmp.resolve("data");
    Up up = new Up(checkout(Map.of()), data);
    up.awaitOutput("redis ", Duration.ofSeconds(60)); // the broker is starting now

    up.command.requestStop();

    assertThat(up.exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(up.out.toString()).endsWith("Stopped." + System.lineSeparator())
        .doesNotContain("Press Ctrl-C", "session-service");
    assertThat(up.err.toString()).isEmpty();
    for (int port : up.ports.values()) {
      assertThat(Ports.isFree(port)).as("port %d is released", port).isTrue();
    }
  }
}
