package org.personacollab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.security.Identity;
import org.personacollab.protocol.CloseCodes;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Welcome;
import org.personacollab.protocol.kafka.OpsRecord;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class ConnectionTest {
  private static final WireCodec CODEC = new WireCodec();
  private final Map<Long, OpsRecord.Sequenced> readModel = new ConcurrentHashMap<>();
  private final List<String> closes = new ArrayList<>();

  private final OpStream opStream =
      (session, from, to) -> {
        List<OpsRecord.Sequenced> out = new ArrayList<>();
        for (long v = from; v < to; v++) if (readModel.containsKey(v)) out.add(readModel.get(v));
        return Mono.just(out);
      };

  private Connection connection(int buffer, Duration gapTimeout) {
    return new Connection("c1", "s1", "alice", "Alice", Identity.Role.EDITOR, buffer, CODEC, opStream, (code, reason) -> closes.add(code + " " + reason), gapTimeout);
  }

  private static OpsRecord.Sequenced op(long v) {
    return new OpsRecord.Sequenced("s1", v, "c9", v + 1, CODEC.readTree("[{\"p\":[\"n\"],\"oi\":" + v + "}]"), "bob", v);
  }

  private static Welcome welcome(long version) {
    return new Welcome(1, "s1", "c1", version, JsonNodeFactory.instance.objectNode(), List.of("alice"), false);
  }

  private static List<Long> versions(List<String> frames) {
    return frames.stream().map(CODEC::readTree).filter(f -> f.path("type").asString().equals("op")).map(f -> f.path("v").asLong()).toList();
  }

  @Test
  void welcome_isFirst_andHeldOpsAfterItWithoutDuplicates() {
    Connection c = connection(64, Duration.ofSeconds(1));
    c.deliver(op(3)); // committed while the snapshot (at version 4) was read: already in it
    c.deliver(op(4));
    c.welcome(welcome(4), 4);
    c.deliver(op(5));
    c.complete();

    List<String> frames = c.outbound().collectList().block();
    assertThat(CODEC.readTree(frames.get(0)).path("type").asString()).isEqualTo("welcome");
    assertThat(versions(frames)).containsExactly(4L, 5L);
  }

  @Test
  void deliver_outOfOrderAndDuplicates_emittedInOrderOnce() {
    Connection c = connection(64, Duration.ofSeconds(1));
    c.welcome(welcome(0), 0);
    c.deliver(op(0));
    c.deliver(op(0));
    readModel.put(1L, op(1));
    c.deliver(op(2)); // ahead: 1 is filled from the read model
    c.deliver(op(3));
    waitFor(() -> c.nextVersion() == 4);
    c.deliver(op(1)); // late duplicate
    c.complete();

    assertThat(versions(c.outbound().collectList().block())).containsExactly(0L, 1L, 2L, 3L);
    assertThat(closes).isEmpty();
  }

  @Test
  void gapThatCannotBeFilled_closesWithResync() {
    Connection c = connection(64, Duration.ofMillis(300));
    c.welcome(welcome(0), 0);
    c.deliver(op(2));
    waitFor(() -> !closes.isEmpty());
    assertThat(closes).singleElement().asString().startsWith(CloseCodes.RESYNC + " resync");
  }

  @Test
  void slowClient_bufferFull_closedTooSlow_othersUnaffected() {
    Connection slow = connection(16, Duration.ofSeconds(1));
    slow.welcome(welcome(0), 0);
    for (int v = 0; v < 40; v++) slow.deliver(op(v));
    assertThat(closes).singleElement().asString().startsWith(CloseCodes.TOO_SLOW + " too_slow");
  }

  @Test
  void sessionHub_rejectionGoesToSenderOnly() {
    SessionHub hub = new SessionHub(100);
    Connection a = new Connection("ca", "s1", "alice", "Alice", Identity.Role.EDITOR, 16, CODEC, opStream, (x, y) -> {}, Duration.ofSeconds(1));
    Connection b = new Connection("cb", "s1", "bob", "Bob", Identity.Role.EDITOR, 16, CODEC, opStream, (x, y) -> {}, Duration.ofSeconds(1));
    Connection other = new Connection("cx", "s2", "carol", "Carol", Identity.Role.EDITOR, 16, CODEC, opStream, (x, y) -> {}, Duration.ofSeconds(1));
    hub.register(a);
    hub.register(b);
    hub.register(other);
    a.welcome(welcome(0), 0);
    b.welcome(welcome(0), 0);
    other.welcome(welcome(0), 0);

    hub.deliver(new OpsRecord.Rejected("s1", "ca", 7, "invalid_op", "no"));
    hub.deliver(op(0));
    hub.broadcast("s1", "{\"type\":\"generation_chunk\",\"generation_id\":\"g\",\"index\":0,\"content\":\"x\"}");
    List.of(a, b, other).forEach(Connection::complete);

    List<JsonNode> fa = a.outbound().map(CODEC::readTree).collectList().block();
    List<JsonNode> fb = b.outbound().map(CODEC::readTree).collectList().block();
    List<JsonNode> fo = other.outbound().map(CODEC::readTree).collectList().block();
    assertThat(fa).extracting(f -> f.path("type").asString()).containsExactly("welcome", "nack", "op", "generation_chunk");
    assertThat(fb).extracting(f -> f.path("type").asString()).containsExactly("welcome", "op", "generation_chunk");
    assertThat(fo).extracting(f -> f.path("type").asString()).containsExactly("welcome");
    assertThat(hub.participants("s1")).containsExactly("alice", "bob");
    hub.unregister(a);
    assertThat(hub.participants("s1")).containsExactly("bob");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met in time");
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void workshopCommands_haveTheirOwnSrcAndCount_andTheirRefusalIsAnErrorFrame() {
    Connection c = connection(64, Duration.ofSeconds(1));
    Connection other = connection(64, Duration.ofSeconds(1));
    c.welcome(welcome(0), 0);
    c.observeSeq(3); // the client's own changes are numbered up to 3
    assertThat(c.workshopSrc()).startsWith("c1/workshop-").isNotEqualTo(other.workshopSrc());
    assertThat(c.nextWorkshopSeq()).isEqualTo(1);
    assertThat(c.nextWorkshopSeq()).isEqualTo(2);
    assertThat(c.nextEditSeq()).isEqualTo(4); // commands take none of the client's numbers

    SessionHub hub = new SessionHub(100);
    hub.register(c);
    hub.deliver(new OpsRecord.Rejected("s1", c.workshopSrc(), 2, "vote_closed", "Vote v1 is closed."));
    hub.deliver(new OpsRecord.Rejected("s1", "c1", 3, "invalid_op", "No."));
    c.complete();

    List<JsonNode> frames = c.outbound().collectList().block().stream().map(CODEC::readTree).toList();
    assertThat(frames).filteredOn(f -> f.path("type").asString().equals("error"))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.path("code").asString()).isEqualTo("vote_closed");
          assertThat(f.path("message").asString()).isEqualTo("Vote v1 is closed.");
        });
    assertThat(frames).filteredOn(f -> f.path("type").asString().equals("nack"))
        .singleElement()
        .satisfies(f -> assertThat(f.path("seq").asLong()).isEqualTo(3));
  }
}
