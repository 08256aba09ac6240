package org.personacollab.client;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Convergence of the state machine under every interleaving a seed can pick: concurrent edits of
 * the same strings and lists, frames delivered in any interleaving across clients, sockets
 * dropped before and after the server applied a change, closes with codes, retriable and fatal
 * nacks, refused resumes with and without a new client id. Deterministic: a failing seed replays
 * exactly ({@code -Dclient.simulation.seed=N} re-runs one, see {@link #reproduce()}).
 */
class SyncEngineSimulationTest {
  @Property(tries = 200)
  void threeClients_withFaults_converge_andKeepEveryAcknowledgedChangeOnce(@ForAll @LongRange(min = 0) long seed) {
    new Simulation(seed, 3, 20, ReferenceServer.Faults.chaos(), true).run();
  }

  @Property(tries = 25)
  void sixClients_manyChanges_converge(@ForAll @LongRange(min = 0) long seed) {
    new Simulation(seed, 6, 60, ReferenceServer.Faults.chaos(), true).run();
  }

  @Property(tries = 100)
  void withoutFaults_nothingIsLostOrRefused(@ForAll @LongRange(min = 0) long seed) {
    ReferenceServer.Faults calm = ReferenceServer.Faults.none();
    new Simulation(seed, 4, 25, calm, true).run();
  }

  /** Re-runs the seed given with {@code -Dclient.simulation.seed}; a quick fixed seed otherwise. */
  @Example
  void reproduce() {
    String seed = System.getProperty("client.simulation.seed", "");
    long s = seed.isBlank() ? 42L : Long.parseLong(seed.trim());
    new Simulation(s, 3, 30, ReferenceServer.Faults.chaos(), true).run();
  }
}
