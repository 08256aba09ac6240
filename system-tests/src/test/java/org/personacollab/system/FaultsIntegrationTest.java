package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;

/**
 * DESIGN §3.2 under faults: while clients edit, a sequencer instance is killed (another takes its
 * partitions over), the gateway restarts (clients resume), and the broker restarts on the same log
 * directory. After each, every client converges on the sequencer's document and every
 * acknowledged change is in it exactly once.
 */
@WithInfra
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIntegrationTest {
  private static RunningSystem system;
  private static Auth auth;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.start(Map.of("persona.gateway.frames-per-second", "1000", "persona.gateway.frames-per-second-per-user", "1000"), 2);
    auth = new Auth(system);
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (system != null) assertThat(InvariantCheck.afterAll(system)).isPositive();
  }

  /** Runs {@code sessions} × {@code clients} editing, applies {@code fault} mid-run, checks convergence. */
  private static void editWhile(String label, int sessions, int clients, Runnable fault) throws Exception {
    long seed = System.nanoTime();
    System.out.println("[repro] FaultsIntegrationTest " + label + " seed=" + seed);
    List<String> ids = new ArrayList<>();
    List<Workload> loads = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      String id = auth.create(label + " " + s, "host").sessionId();
      ids.add(id);
      loads.add(new Workload(seed + s).connect(auth, system.ws(), id, clients));
    }
    try {
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (Workload load : loads) runs.add(CompletableFuture.runAsync(() -> load.run(120, Duration.ofMillis(40), new AtomicBoolean())));
      Workload.sleep(1500);
      long faultAt = System.nanoTime();
      fault.run();
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();
      System.out.printf("[faults] %s: all clients synced %d ms after the fault began%n", label,
          (System.nanoTime() - faultAt) / 1_000_000);
      for (int s = 0; s < sessions; s++) {
        ConvergenceIntegrationTest.assertConverged(system, auth, ids.get(s), loads.get(s));
        Workload load = loads.get(s);
        assertThat(load.failed).as("changes that failed for another reason (seed %d)", seed).isEmpty();
        assertThat(load.outcomes()).as("every change has an outcome (seed %d)", seed).isEqualTo(load.submitted()).isEqualTo(clients * 120);
      }
    } finally {
      loads.forEach(Workload::close);
    }
  }

  @Test
  @Order(1)
  void sequencerKilled_anotherTakesOver_nothingLostNothingDoubled() throws Exception {
    try {
      editWhile("sync kill", 4, 4, () -> system.kill("sync-service"));
    } finally {
      system.startAgain("sync-service");
    }
  }

  @Test
  @Order(2)
  void gatewayRestarted_clientsResume_nothingLostNothingDoubled() throws Exception {
    editWhile("gateway restart", 2, 5, () -> {
      try {
        system.restart("gateway-service");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  @Order(3)
  void brokerRestarted_onTheSameLog_nothingLostNothingDoubled() throws Exception {
    editWhile("broker restart", 2, 5, () -> Infra.get().restartKafka());
  }
}
