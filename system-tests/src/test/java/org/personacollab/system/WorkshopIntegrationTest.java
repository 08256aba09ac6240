package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;

/**
 * Votes and turns through the whole system (docs/workshop.md): participants vote over their
 * sockets, every socket sees the same workshop ops (so the same tallies) in the same order, the
 * facilitator closes and everyone gets the winner in the same op; a viewer's vote is refused at
 * the gateway; in turn-based editing an off-turn edit is nacked {@code not_your_turn} and the
 * document stays as it was.
 */
@WithInfra
@ExtendWith(SharedSystem.class)
@Order(2) // with the other users of the SharedSystem, before the classes that start their own
class WorkshopIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static RunningSystem system;
  private static Auth auth;

  @BeforeAll
  static void start(RunningSystem shared) {
    system = shared;
    auth = new Auth(system);
  }

  /** The workshop states a socket saw, in order: the {@code oi} of each op's {@code _workshop} component. */
  private static List<String> workshopStates(TestSocket socket) {
    List<String> out = new ArrayList<>();
    for (JsonNode frame : socket.received()) {
      if (!frame.path("type").asString("").equals("op")) continue;
      for (JsonNode c : frame.path("op")) {
        if (c.path("p").size() == 1 && c.path("p").path(0).asString("").equals("_workshop")) out.add(c.path("oi").toString());
      }
    }
    return out;
  }

  /** Waits until the socket has seen an op frame that {@code matches}, and returns it. */
  private static JsonNode awaitOp(TestSocket socket, java.util.function.Predicate<JsonNode> matches, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode frame : socket.received()) {
        if (frame.path("type").asString("").equals("op") && matches.test(frame)) return frame;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no op " + what + " within " + WAIT + ": " + socket.received());
  }

  /** Waits until the socket has seen {@code n} workshop ops; returns the n-th. */
  private static JsonNode awaitWorkshopOp(TestSocket socket, int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> ops = socket.received().stream()
          .filter(f -> f.path("type").asString("").equals("op") && f.path("op").toString().contains("[\"_workshop\"]"))
          .toList();
      if (ops.size() >= n) return ops.get(n - 1);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("fewer than " + n + " workshop ops within " + WAIT + ": " + socket.received());
  }

  @Test
  void votesSeenAlikeByEveryone_winnerApplied_viewerRefused_offTurnEditNacked() throws Exception {
    Auth.Grant facilitator = auth.create("Workshop votes", "alice");
    String s = facilitator.sessionId();
    auth.join(s, "vic", "viewer");
    try (TestSocket alice = auth.socket(s, "alice");
        TestSocket bob = auth.socket(s, "bob");
        TestSocket carol = auth.socket(s, "carol");
        TestSocket vic = auth.socket(s, "vic")) {
      for (TestSocket t : List.of(alice, bob, carol, vic)) t.awaitType("welcome", WAIT);

      alice.send("{\"type\":\"edit\",\"path\":\"demographics\",\"value\":{\"age\":30}}");
      awaitOp(bob, f -> f.path("op").toString().contains("\"age\":30"), "setting the age");
      bob.send("{\"type\":\"propose\",\"path\":\"demographics.age\",\"value\":34}");
      awaitWorkshopOp(carol, 1);
      carol.send("{\"type\":\"propose\",\"path\":\"demographics.age\",\"value\":41}");
      awaitWorkshopOp(alice, 2);
      bob.send("{\"type\":\"vote\",\"proposal\":\"p2\"}");
      carol.send("{\"type\":\"vote\",\"proposal\":\"p3\"}");
      alice.send("{\"type\":\"vote\",\"proposal\":\"p2\"}");
      vic.send("{\"type\":\"vote\",\"proposal\":\"p3\"}");
      assertThat(vic.awaitType("error", WAIT).path("code").asString()).isEqualTo("forbidden");
      awaitWorkshopOp(alice, 5);
      alice.send("{\"type\":\"close_vote\",\"vote\":\"v1\"}");

      // The close is one op: the vote's result and the winner, authored by the facilitator.
      for (TestSocket t : List.of(alice, bob, carol, vic)) {
        JsonNode close = awaitWorkshopOp(t, 6);
        assertThat(close.path("user_id").asString()).isEqualTo("dev:alice");
        assertThat(close.path("op").toString()).contains("{\"p\":[\"demographics\",\"age\"],\"od\":30,\"oi\":34}");
      }
      List<String> seen = workshopStates(alice);
      assertThat(seen).hasSize(6); // two proposals, three votes, the close
      for (TestSocket t : List.of(bob, carol, vic)) assertThat(workshopStates(t)).isEqualTo(seen);
      JsonNode last = tools.jackson.databind.json.JsonMapper.shared().readTree(seen.get(seen.size() - 1));
      assertThat(last.path("votes").path("v1").path("tally").toString()).isEqualTo("{\"p2\":2,\"p3\":1}");
      assertThat(last.path("votes").path("v1").path("result").path("winner").asString()).isEqualTo("p2");

      // Turn-based editing: bob has the floor; carol's edit is refused and changes nothing.
      alice.send("{\"type\":\"turns\",\"on\":true,\"order\":[\"dev:bob\",\"dev:carol\"]}");
      awaitWorkshopOp(carol, 7);
      carol.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Carol's\"}");
      JsonNode nack = carol.awaitType("nack", WAIT);
      assertThat(nack.path("code").asString()).isEqualTo("not_your_turn");
      bob.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Bob's\"}");
      awaitOp(carol, f -> f.path("op").toString().contains("Bob's"), "bob's edit");
      assertThat(carol.received().toString()).doesNotContain("\"oi\":\"Carol's\"");
      // A late joiner's welcome has it all (the read model is written after the commit: wait for it).
      JsonNode welcome = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        try (TestSocket late = auth.socket(s, "dan")) {
          welcome = late.awaitType("welcome", WAIT);
        }
        if (welcome.path("snapshot").path("name").asString("").equals("Bob's")) break;
        Thread.sleep(200);
      }
      {
        assertThat(welcome.path("snapshot").path("name").asString()).isEqualTo("Bob's");
        assertThat(welcome.path("snapshot").path("demographics").path("age").asInt()).isEqualTo(34);
        assertThat(welcome.path("snapshot").path("_workshop").path("turns").path("holder").asString()).isEqualTo("dev:bob");
      }
    }
  }
}
