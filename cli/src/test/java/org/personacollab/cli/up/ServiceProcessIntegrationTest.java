package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.up.fixture.FixtureJar;

/**
 * {@link ServiceProcess} against {@code FixtureService}, a stand-in that serves the Actuator
 * readiness endpoint from the JDK's HTTP server and can be told to be slow, crash or ignore
 * SIGTERM.
 */
class ServiceProcessIntegrationTest {

  @TempDir static Path shared;
  static Path jar;

  @TempDir Path tmp;
  final List<ServiceProcess> started = new ArrayList<>();

  @BeforeAll
  static void packFixture() throws IOException {
    jar = FixtureJar.write(shared.resolve("fixture-exec.jar"));
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(ServiceProcess::kill);
  }

  private ServiceProcess start(String name, String... args) throws IOException {
    int port = Ports.freePort();
    ServiceSpec spec = new ServiceSpec(name, jar, port,
        concat(List.of("--server.port=" + port), List.of(args)),
        List.of("-Xmx64m"), Map.of("PERSONA_FIXTURE", "from-env"), tmp.resolve("logs/" + name + ".log"));
    ServiceProcess process = ServiceProcess.start(spec);
    started.add(process);
    return process;
  }

  @Test
  void awaitReady_waitsUntilReadinessAnswers200() throws IOException {
    ServiceProcess slow = start("slow-service", "--fixture.ready-after-ms=1500", "--some.flag=x");

    long t0 = System.nanoTime();
    slow.awaitReady(Duration.ofSeconds(30));
    long waitedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(waitedMillis).as("the port answers at once, but with 503 until 1.5 s").isGreaterThanOrEqualTo(1_400);
    assertThat(slow.isReadyNow()).isTrue();
    assertThat(slow.isAlive()).isTrue();
    assertThat(slow.logTail(10))
        .as("args and environment reach the child; its output reaches the log file")
        .contains("fixture: args --server.port=" + slow.port() + " --fixture.ready-after-ms=1500 --some.flag=x")
        .contains("fixture: env PERSONA_FIXTURE=from-env")
        .contains("fixture: ready");
  }

  @Test
  void awaitReady_timeout_messageNamesUrlAndShowsLogTail() throws IOException {
    ServiceProcess never = start("never-ready", "--fixture.ready-after-ms=600000");

    assertThatIllegalStateException()
        .isThrownBy(() -> never.awaitReady(Duration.ofMillis(1500)))
        .withMessageStartingWith("never-ready was not ready after 1.5 s (waited for http://localhost:"
            + never.port() + "/actuator/health/readiness); last lines of " + never.logFile() + ":")
        .withMessageContaining("fixture: listening on " + never.port());
    assertThat(never.isAlive()).as("a timeout does not stop the process").isTrue();
  }

  @Test
  void awaitReady_processExits_reportsExitCodeAndLogTail() throws IOException {
    ServiceProcess failing = start("failing-service", "--fixture.fail-at-start=true");

    assertThatIllegalStateException()
        .isThrownBy(() -> failing.awaitReady(Duration.ofSeconds(30)))
        .withMessageStartingWith("failing-service exited with code 2 before it was ready; last lines of ")
        .withMessageContaining("APPLICATION FAILED TO START");
    assertThat(failing.describeExit()).isEqualTo("exited with code 2");
  }

  @Test
  void stop_sendsSigtermSoShutdownHooksRun() throws IOException {
    ServiceProcess service = start("polite-service");
    service.awaitReady(Duration.ofSeconds(30));

    service.stop(Duration.ofSeconds(10));

    assertThat(service.isAlive()).isFalse();
    assertThat(service.describeExit()).isEqualTo("exited with code 143");
    assertThat(service.logTail(5)).contains("fixture: shutdown hook (SIGTERM)");
    assertThat(Ports.isFree(service.port())).isTrue();
  }

  @Test
  void stop_escalatesToSigkillAfterGrace() throws IOException {
    ServiceProcess stubborn = start("stubborn-service", "--fixture.ignore-sigterm=true");
    stubborn.awaitReady(Duration.ofSeconds(30));

    long t0 = System.nanoTime();
    stubborn.stop(Duration.ofSeconds(1));
    long tookMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(stubborn.isAlive()).isFalse();
    assertThat(stubborn.logTail(5)).as("SIGTERM came first").contains("fixture: shutdown hook (SIGTERM)");
    assertThat(stubborn.describeExit()).isEqualTo("exited with code 137");
    assertThat(tookMillis).isBetween(900L, 8_000L);
  }

  @Test
  void kill_isImmediateAndSkipsShutdownHooks() throws IOException {
    ServiceProcess victim = start("victim-service");
    victim.awaitReady(Duration.ofSeconds(30));

    victim.kill();

    assertThat(victim.isAlive()).isFalse();
    assertThat(victim.describeExit()).isEqualTo("exited with code 137");
    assertThat(victim.logTail(5)).doesNotContain("shutdown hook");
  }

  @Test
  void close_stopsTheProcess() throws IOException {
    ServiceProcess service;
    try (ServiceProcess s = start("closed-service")) {
      s.awaitReady(Duration.ofSeconds(30));
      service = s;
    }
    assertThat(service.isAlive()).isFalse();
    assertThat(service.logTail(5)).contains("fixture: shutdown hook (SIGTERM)");
  }

  @Test
  void logTail_showsOnlyThisRun_whileTheFileKeepsEarlierRuns() throws IOException {
    Path log = tmp.resolve("logs/twice.log");
    int port = Ports.freePort();
    ServiceSpec first = new ServiceSpec("twice", jar, port,
        List.of("--server.port=" + port, "--run=first"), List.of(), Map.of(), log);
    ServiceSpec second = new ServiceSpec("twice", jar, port,
        List.of("--server.port=" + port, "--run=second"), List.of(), Map.of(), log);

    try (ServiceProcess one = ServiceProcess.start(first)) {
      one.awaitReady(Duration.ofSeconds(30));
    }
    try (ServiceProcess two = ServiceProcess.start(second)) {
      started.add(two);
      two.awaitReady(Duration.ofSeconds(30));
      assertThat(two.logTail(100)).contains("--run=second").doesNotContain("--run=first");
    }
    assertThat(Files.readString(log)).contains("--run=first", "--run=second");
  }

  @Test
  void start_missingJar_failsFastNamingIt() {
    ServiceSpec spec = ServiceSpec.withServerPort("ghost-service", tmp.resolve("nope.jar"), 18080,
        List.of(), List.of(), tmp.resolve("ghost.log"));

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> ServiceProcess.start(spec))
        .withMessage("ghost-service: no jar at " + tmp.resolve("nope.jar"));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void child_runsInItsOwnSession_soTerminalCtrlCReachesOnlyTheLauncher() throws IOException {
    ServiceProcess service = start("session-leader");
    service.awaitReady(Duration.ofSeconds(30));

    // /proc/<pid>/stat: "pid (comm) state ppid pgrp session ..."
    String stat = Files.readString(Path.of("/proc", Long.toString(service.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long processGroup = Long.parseLong(fields[2]);
    long session = Long.parseLong(fields[3]);

    assertThat(session).as("setsid made the child a session leader").isEqualTo(service.pid());
    assertThat(processGroup).isEqualTo(service.pid());
    assertThat(ProcessHandle.of(service.pid()).flatMap(h -> h.info().command()))
        .as("the pid we signal is the JVM itself, not a setsid wrapper")
        .hasValueSatisfying(command -> assertThat(command).endsWith("java"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
