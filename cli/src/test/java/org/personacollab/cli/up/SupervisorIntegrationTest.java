package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.up.fixture.FixtureJar;

/** What {@code persona up} does after start-up: watch the children, stop them in reverse order. */
class SupervisorIntegrationTest {

  @TempDir static Path shared;
  static Path jar;

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeAll
  static void packFixture() throws IOException {
    jar = FixtureJar.write(shared.resolve("fixture-exec.jar"));
  }

  private Supervisor supervisor(Duration grace) {
    return new Supervisor(new PrintWriter(out, true), new PrintWriter(err, true), grace);
  }

  private ServiceProcess start(String name, String... args) throws IOException {
    int port = Ports.freePort();
    List<String> all = new java.util.ArrayList<>(List.of("--server.port=" + port));
    all.addAll(List.of(args));
    ServiceProcess process = ServiceProcess.start(
        new ServiceSpec(name, jar, port, all, List.of("-Xmx64m"), Map.of(), tmp.resolve(name + ".log")));
    process.awaitReady(Duration.ofSeconds(30));
    return process;
  }

  @Test
  void stopRequest_stopsEveryChildInReverseStartOrder_exitCode0() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(10));
    ServiceProcess first = supervisor.add(start("first"));
    ServiceProcess second = supervisor.add(start("second"));
    ServiceProcess third = supervisor.add(start("third"));

    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(supervisor::superviseUntilStopped);
    Thread.sleep(700);
    assertThat(exit).as("supervising until told otherwise").isNotDone();
    supervisor.requestStop();

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString().lines().map(String::strip))
        .containsExactly("third               stopping", "second              stopping",
            "first               stopping");
    for (ServiceProcess child : List.of(first, second, third)) {
      assertThat(child.isAlive()).isFalse();
      assertThat(child.logTail(3)).as(child.name() + " got SIGTERM").contains("shutdown hook (SIGTERM)");
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void childCrashes_reportedWithLogTail_restStopped_exitCode1() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(10));
    ServiceProcess healthy = supervisor.add(start("healthy"));
    ServiceProcess crashing = supervisor.add(start("crashing", "--fixture.exit-after-ms=1500"));

    int exitCode = CompletableFuture.supplyAsync(supervisor::superviseUntilStopped).get(30, TimeUnit.SECONDS);

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("persona: crashing exited with code 3 unexpectedly; stopping the rest. Last lines of "
            + crashing.logFile() + ":")
        .contains("    fixture: crashing on purpose");
    assertThat(healthy.isAlive()).isFalse();
    assertThat(healthy.logTail(3)).contains("shutdown hook (SIGTERM)");
  }

  @Test
  void secondStopRequest_killsWithoutWaitingForTheGracePeriod() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(60));
    ServiceProcess stubborn = supervisor.add(start("stubborn", "--fixture.ignore-sigterm=true"));

    supervisor.requestStop();
    long t0 = System.nanoTime();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(supervisor::superviseUntilStopped);
    Thread.sleep(1_000);
    assertThat(exit).as("waiting out the 60 s grace period").isNotDone();
    supervisor.requestStop();

    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(20);
    assertThat(stubborn.isAlive()).isFalse();
    assertThat(stubborn.describeExit()).isEqualTo("exited with code 137");
    assertThat(err.toString()).contains("persona: stopping at once");
  }
}
