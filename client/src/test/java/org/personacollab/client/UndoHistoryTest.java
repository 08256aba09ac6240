package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import reactor.core.publisher.Flux;

/**
 * {@link UndoHistory} against {@link FakeCollabServer} with real sockets and random frame delays:
 * one client's undo removes its own changes only, however the others' changes interleave with
 * them, and every client ends with the server's document.
 */
class UndoHistoryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SESSION = "s1";

  private static PersonaClient client(FakeCollabServer server, String name, long seed) {
    return PersonaClient.builder(server.uri(), SESSION).name(name).random(new Random(seed)).build();
  }

  private static Op insert(String text, int at, String s) {
    return Op.of(new Component.StringInsert(Path.of("name", at), s));
  }

  private static String name(PersonaClient c) {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) c.document();
    return (String) doc.get("name");
  }

  @Test
  void undo_afterOthersTypedIntoTheSameField_removesOnlyMine_redoPutsItBack() {
    ReferenceServer reference = new ReferenceServer(1, 10_000);
    reference.createSession(SESSION, Map.of("name", "abc"));
    try (FakeCollabServer server = new FakeCollabServer(reference, 1)) {
      PersonaClient alice = client(server, "alice", 1);
      PersonaClient bob = client(server, "bob", 2);
      Flux.just(alice, bob).flatMap(PersonaClient::connect).then().block(WAIT);
      UndoHistory history = UndoHistory.attach(alice);
      assertThat(history.undo().block(WAIT)).as("nothing to undo yet").isFalse();

      alice.submit(insert("abc", 3, "XYZ")).block(WAIT); // abcXYZ
      bob.submitWith(doc -> insert(name(bob), 0, ">> ")).block(WAIT); // >> abcXYZ
      bob.submitWith(doc -> insert(name(bob), 7, "-")).block(WAIT); // >> abcX-YZ (inside Alice's text)
      alice.whenSynced().then(bob.whenSynced()).block(WAIT);
      awaitEqual(alice, bob, ">> abcX-YZ");

      assertThat(history.undo().block(WAIT)).isTrue();
      awaitEqual(alice, bob, ">> abc-");
      assertThat(history.canRedo()).isTrue();
      assertThat(history.redo().block(WAIT)).isTrue();
      awaitEqual(alice, bob, ">> abcX-YZ");
      assertThat(reference.document(SESSION)).isEqualTo(Map.of("name", ">> abcX-YZ"));
      history.close();
      Flux.just(alice, bob).flatMap(PersonaClient::close).then().block(WAIT);
    }
  }

  @Test
  void redo_stepByStepWhileOthersType_untilANewOwnChange_thenNothingToRedo() {
    ReferenceServer reference = new ReferenceServer(3, 10_000);
    reference.createSession(SESSION, Map.of("name", ""));
    try (FakeCollabServer server = new FakeCollabServer(reference, 3)) {
      PersonaClient alice = client(server, "alice", 5);
      PersonaClient bob = client(server, "bob", 6);
      Flux.just(alice, bob).flatMap(PersonaClient::connect).then().block(WAIT);
      UndoHistory history = UndoHistory.attach(alice);
      assertThat(history.redo().block(WAIT)).as("nothing to redo yet").isFalse();

      alice.submit(insert("", 0, "A")).block(WAIT);
      alice.whenSynced().block(WAIT);
      alice.submitWith(doc -> insert(name(alice), name(alice).length(), "B")).block(WAIT);
      alice.whenSynced().block(WAIT);
      awaitEqual(alice, bob, "AB");

      assertThat(history.undo().block(WAIT)).isTrue();
      assertThat(history.undo().block(WAIT)).isTrue();
      awaitEqual(alice, bob, "");
      bob.submitWith(doc -> insert(name(bob), 0, "x")).block(WAIT); // someone else meanwhile
      bob.whenSynced().block(WAIT);
      awaitEqual(alice, bob, "x");

      // Redo as often as undone, in order, around bob's text.
      assertThat(history.redo().block(WAIT)).isTrue();
      awaitEqual(alice, bob, "Ax");
      assertThat(history.canRedo()).isTrue();
      // A new own change ends the redo chain.
      alice.submitWith(doc -> insert(name(alice), 0, "!")).block(WAIT);
      alice.whenSynced().block(WAIT);
      awaitEqual(alice, bob, "!Ax");
      assertThat(history.canRedo()).isFalse();
      assertThat(history.redo().block(WAIT)).isFalse();
      awaitEqual(alice, bob, "!Ax");
      // Undo still walks back through both kinds of step.
      assertThat(history.undo().block(WAIT)).isTrue();
      assertThat(history.undo().block(WAIT)).isTrue();
      awaitEqual(alice, bob, "x");
      history.close();
      Flux.just(alice, bob).flatMap(PersonaClient::close).then().block(WAIT);
    }
  }

  @Test
  void undoEverything_withRandomInterleavedEditsOfThreeUsers_leavesExactlyTheOthersText() {
    for (long round = 1; round <= 3; round++) {
      final long seed = round;
      Random random = new Random(seed);
      ReferenceServer reference = new ReferenceServer(seed, 10_000);
      reference.createSession(SESSION, Map.of("name", ""));
      try (FakeCollabServer server = new FakeCollabServer(reference, seed)) {
        server.maxDelay(Duration.ofMillis(3));
        List<PersonaClient> clients = new ArrayList<>();
        Map<PersonaClient, String> letters = new java.util.IdentityHashMap<>();
        for (String n : List.of("a", "b", "c")) {
          PersonaClient c = client(server, n, seed + n.hashCode());
          clients.add(c);
          letters.put(c, n);
        }
        Flux.fromIterable(clients).flatMap(PersonaClient::connect).then().block(WAIT);
        UndoHistory history = UndoHistory.attach(clients.get(0), 1000);
        // Each user types its own letter at random places, concurrently with the others.
        Flux.fromIterable(clients)
            .flatMap(c -> Flux.range(0, 40)
                .concatMap(i -> c.submitWith(doc -> {
                      String text = name(c);
                      return insert(text, new Random(seed * 1000 + i + c.hashCode()).nextInt(text.length() + 1), letters.get(c));
                    })
                    .then(reactor.core.publisher.Mono.delay(Duration.ofMillis(random.nextInt(3))))))
            .then()
            .block(WAIT);
        Flux.fromIterable(clients).flatMap(PersonaClient::whenSynced).then().block(WAIT);
        String before = awaitSame(clients);
        assertThat(before).hasSize(120);
        while (history.undo().block(WAIT)) {
          // undo every step of user a, while b and c are quiet
        }
        String after = awaitSame(clients);
        assertThat(after).as("seed %d", seed).isEqualTo(before.replace("a", ""));
        history.close();
        Flux.fromIterable(clients).flatMap(PersonaClient::close).then().block(WAIT);
      }
    }
  }

  private static void awaitEqual(PersonaClient a, PersonaClient b, String expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(expected.equals(name(a)) && expected.equals(name(b)))) {
      if (System.nanoTime() > deadline) {
        assertThat(List.of(name(a), name(b))).containsOnly(expected);
      }
      sleep();
    }
  }

  private static String awaitSame(List<PersonaClient> clients) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (;;) {
      Flux.fromIterable(clients).flatMap(PersonaClient::whenSynced).then().block(WAIT);
      List<String> names = clients.stream().map(UndoHistoryTest::name).toList();
      long versions = clients.stream().mapToLong(PersonaClient::version).distinct().count();
      if (versions == 1 && names.stream().distinct().count() == 1) return names.get(0);
      if (System.nanoTime() > deadline) assertThat(names).as("clients converge").containsOnly(names.get(0));
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
