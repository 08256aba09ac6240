package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Real clients on real sockets against {@link FakeCollabServer}: concurrent edits with random
 * frame delays, dropped connections (before and after the server applied a change, with close
 * codes and without), simulated server restarts, rate limiting, refused changes and refused
 * resumes. At the end every client holds the server's document and version, the log folds to the
 * snapshot, every acknowledged change is in the log exactly once, and no refused one is.
 *
 * <p>The seed fixes the ops and the server's fault choices; thread timing still varies, so a
 * failure is re-run with {@code -Dclient.convergence.seed=N} and may need a few runs to show
 * again (the deterministic {@link SyncEngineSimulationTest} replays exactly).
 */
class ClientConvergenceTest {
  private static final String SESSION = "s1";
  private static final int CLIENTS = 10;
  private static final int OPS = 100;
  /** Up to this long between two changes of one client: slow enough that most changes are sequenced one by one. */
  private static final int PAUSE_MS = 40;
  /** Rounds with fresh random seeds per build (one when a seed is given). */
  private static final int ROUNDS = 3;

  private enum Result { ACKED, REJECTED, LOST, OTHER }

  @Test
  void tenClients_hundredChangesEach_withDelaysDropsAndRefusals_converge() {
    String fixed = System.getProperty("client.convergence.seed", "");
    int rounds = fixed.isBlank() ? ROUNDS : 1;
    for (int round = 0; round < rounds; round++) {
      long seed = fixed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(fixed.trim());
      try {
        converge(seed);
      } catch (Throwable t) {
        throw new AssertionError("convergence failed: " + t + "\nrepro: mvn -f client/pom.xml test "
            + "-Dtest=ClientConvergenceTest -Dclient.convergence.seed=" + seed, t);
      }
    }
  }

  private void converge(long seed) {
    long started = System.nanoTime();
    Random random = new Random(seed);
    ReferenceServer reference = new ReferenceServer(seed, 10_000);
    reference.createSession(SESSION, PersonaOps.initialDocument());
    ReferenceServer.Faults faults = ReferenceServer.Faults.chaos();
    faults.dropBeforeOp = 0.01;
    faults.dropAfterOp = 0.01;
    reference.faults(faults);
    List<PersonaClient> clients = new ArrayList<>();
    Map<String, Result> outcomes = new ConcurrentHashMap<>();
    try (FakeCollabServer server = new FakeCollabServer(reference, seed)) {
      server.maxDelay(Duration.ofMillis(4));
      for (int i = 0; i < CLIENTS; i++) {
        PersonaClient c = PersonaClient.builder(server.uri(), SESSION)
            .name("u" + i)
            .heartbeat(Duration.ofSeconds(1))
            .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
            .random(new Random(seed + i))
            .build();
        clients.add(c);
      }
      Flux.fromIterable(clients).flatMap(PersonaClient::connect).then().block(Duration.ofSeconds(20));

      // Every client edits at its own pace while the server now and then restarts.
      Mono<Void> restarts =
          Flux.interval(Duration.ofMillis(300 + random.nextInt(300)))
              .take(4)
              .doOnNext(i -> reference.dropAll(i % 2 == 0 ? 1012 : 0))
              .then();
      Flux<Void> editors =
          Flux.range(0, CLIENTS)
              .flatMap(i -> edit(clients.get(i), "u" + i, new Random(seed * 31 + i), outcomes), CLIENTS);
      Mono.when(editors, restarts).block(Duration.ofSeconds(60));

      reference.faults(ReferenceServer.Faults.none());
      server.maxDelay(Duration.ZERO);
      awaitQuiet(clients, reference, outcomes);

      String expected = JsonCodec.canonical(reference.document(SESSION));
      for (PersonaClient c : clients) {
        assertThat(JsonCodec.canonical(c.document())).as("document of " + c.clientId()).isEqualTo(expected);
        assertThat(c.version()).isEqualTo(reference.version(SESSION));
      }
      reference.checkLog(SESSION);
      Map<String, Integer> inLog = reference.markerCounts(SESSION);
      List<?> trail = (List<?>) ((Map<?, ?>) reference.document(SESSION)).get("trail");
      Map<Result, Integer> tally = new java.util.EnumMap<>(Result.class);
      outcomes.forEach((marker, result) -> {
        tally.merge(result, 1, Integer::sum);
        int count = inLog.getOrDefault(marker, 0);
        long inDoc = trail.stream().filter(marker::equals).count();
        switch (result) {
          case ACKED -> {
            assertThat(count).as("acknowledged " + marker + " in the log").isEqualTo(1);
            assertThat(inDoc).as("acknowledged " + marker + " in the document").isEqualTo(1);
          }
          case REJECTED -> assertThat(count).as("refused " + marker + " in the log").isZero();
          case LOST -> assertThat(count).as("lost " + marker + " in the log").isLessThanOrEqualTo(1);
          default -> throw new AssertionError(marker + " ended unexpectedly");
        }
      });
      assertThat(outcomes).hasSize(CLIENTS * OPS);
      assertThat(tally.getOrDefault(Result.ACKED, 0)).isGreaterThan(CLIENTS * OPS / 2);
      System.out.printf("ClientConvergenceTest seed=%d: %d ops in the log, %s, %s, %d ms%n", seed,
          reference.version(SESSION), tally, reference.stats(), (System.nanoTime() - started) / 1_000_000);
    } finally {
      Flux.fromIterable(clients).flatMap(PersonaClient::close).then().block(Duration.ofSeconds(10));
    }
  }

  /** One editor: OPS changes with random pauses, each built from the document under the client's lock. */
  private static Mono<Void> edit(PersonaClient client, String name, Random random, Map<String, Result> outcomes) {
    PersonaOps ops = new PersonaOps(random, true);
    return Flux.range(0, OPS)
        .concatMap(k -> Mono.delay(Duration.ofMillis(random.nextInt(PAUSE_MS)), Schedulers.parallel())
            .then(Mono.fromRunnable(() -> {
              String marker = name + ":" + k;
              Mono<Void> outcome = client.submitWith(doc -> ops.next(doc, marker));
              outcome.subscribe(
                  null,
                  e -> outcomes.put(marker, e instanceof RejectedChangeException ? Result.REJECTED
                      : e instanceof ChangeLostException ? Result.LOST : Result.OTHER),
                  () -> outcomes.put(marker, Result.ACKED));
            })))
        .then();
  }

  private static void awaitQuiet(List<PersonaClient> clients, ReferenceServer reference, Map<String, Result> outcomes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      boolean quiet = outcomes.size() == CLIENTS * OPS;
      for (PersonaClient c : clients) {
        quiet &= c.state() == ConnectionState.CONNECTED && c.version() == reference.version(SESSION);
      }
      if (quiet && Flux.fromIterable(clients).flatMap(PersonaClient::whenSynced).then()
          .timeout(Duration.ofSeconds(5)).onErrorResume(e -> Mono.empty()).then(Mono.just(true)).block() != null
          && clients.stream().allMatch(c -> c.version() == reference.version(SESSION))) {
        return;
      }
      sleep(20);
    }
    StringBuilder sb = new StringBuilder("the clients did not settle within 30 s (server at " + reference.version(SESSION) + "):");
    for (PersonaClient c : clients) {
      sb.append("\n  ").append(c.clientId()).append(' ').append(c.state()).append(" v").append(c.version());
    }
    sb.append("\n  outcomes ").append(outcomes.size()).append('/').append(CLIENTS * OPS);
    throw new AssertionError(sb.toString());
  }

  /**
   * DESIGN §4's tie: two clients insert at the same index concurrently. The op the server
   * sequences second goes first (it is transformed with LEFT), and both clients agree.
   */
  @Test
  void twoClients_insertingAtTheSamePlace_endInTheSameOrder() {
    ReferenceServer reference = new ReferenceServer(1, 100);
    reference.createSession(SESSION, PersonaOps.initialDocument());
    try (FakeCollabServer server = new FakeCollabServer(reference, 1)) {
      server.inboundDelay(Duration.ofMillis(100));
      PersonaClient a = PersonaClient.builder(server.uri(), SESSION).name("a").build();
      PersonaClient b = PersonaClient.builder(server.uri(), SESSION).name("b").build();
      try {
        Mono.when(a.connect(), b.connect()).block(Duration.ofSeconds(10));
        Mono<Void> first = a.submit(Op.parse("[{\"p\":[\"goals\",0],\"li\":\"A\"}]"));
        Mono<Void> second = b.submit(Op.parse("[{\"p\":[\"goals\",0],\"li\":\"B\"}]"));
        assertThat(b.version()).as("B made its change without seeing A's").isZero();
        Mono.when(first, second).block(Duration.ofSeconds(10));
        Mono.when(a.whenSynced(), b.whenSynced()).block(Duration.ofSeconds(10));
        awaitVersion(a, 2);
        awaitVersion(b, 2);

        List<ReferenceServer.Logged> log = reference.log(SESSION);
        String later = log.get(1).userId().toUpperCase(java.util.Locale.ROOT);
        String earlier = log.get(0).userId().toUpperCase(java.util.Locale.ROOT);
        Object goals = ((Map<?, ?>) reference.document(SESSION)).get("goals");
        assertThat(goals).isEqualTo(List.of(later, earlier, "ship", "learn"));
        assertThat(((Map<?, ?>) a.document()).get("goals")).isEqualTo(goals);
        assertThat(((Map<?, ?>) b.document()).get("goals")).isEqualTo(goals);
      } finally {
        Mono.when(a.close(), b.close()).block(Duration.ofSeconds(10));
      }
    }
  }

  private static void awaitVersion(PersonaClient c, long version) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (c.version() < version && System.nanoTime() < deadline) {
      sleep(10);
    }
    assertThat(c.version()).isEqualTo(version);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
