package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Presence ({@code docs/protocol.md#presence}): where participants are, kept in Redis and fanned
 * out on the session's Redis channel, never in Kafka. On the {@link SharedSystem}, whose settings
 * give presence a short TTL (2 s) and a small throttle (5 updates a second) so that expiry and
 * coalescing show within a test:
 *
 * <ul>
 *   <li>an update reaches every other socket as a {@code presence} frame naming its sender (through
 *       the session's Redis channel), and a later {@code welcome} lists it;
 *   <li>an entry not renewed within the TTL is no longer listed (its socket may well stay open);
 *       a socket that closes takes its entry with it at once, and the others get {@code user_left};
 *   <li>a burst is throttled to the allowed rate, and the last position always arrives;
 *   <li>an entry is valid at its own {@code v}: live frames go out as sent (receivers move them
 *       through later ops, see the client's {@code RemoteCarets}), and a {@code welcome} carries
 *       each entry moved to its own version through the ops the joiner never sees.
 * </ul>
 */
@WithInfra
@ExtendWith(SharedSystem.class)
@Order(2) // with the other users of the SharedSystem, before the classes that start their own
class PresenceIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TTL = SharedSystem.PRESENCE_TTL;
  private static final int PER_SECOND = SharedSystem.PRESENCE_PER_SECOND;
  private static RunningSystem system;
  private static Auth auth;

  /** The system shared with the other classes of these settings (a 2 s TTL, 5 updates a second). */
  @BeforeAll
  static void start(RunningSystem shared) {
    system = shared;
    auth = new Auth(system);
  }

  @Test
  void update_fannedOutThroughRedisToTheOthers_andListedInTheNextWelcome() throws Exception {
    String session = auth.create("Where is everyone", "alice").sessionId();
    RedisClient client = RedisClient.create(Infra.get().redisUri());
    try (StatefulRedisPubSubConnection<String, String> channel = client.connectPubSub();
        TestSocket alice = auth.socket(session, "alice");
        TestSocket bob = auth.socket(session, "bob")) {
      BlockingQueue<String> published = new LinkedBlockingQueue<>();
      channel.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String ch, String message) {
          if (message.startsWith("{\"type\":\"presence\"")) published.add(message);
        }
      });
      channel.sync().subscribe(system.prefix + ":session:" + session + ":events");
      alice.awaitType("welcome", WAIT);
      JsonNode welcomeBob = bob.awaitType("welcome", WAIT);
      String bobClient = welcomeBob.path("clientId").asString();
      String bobColor = frameOf(alice, "user_joined", "dev:bob").path("color").asString();
      assertThat(bobColor).matches("#[0-9a-f]{6}");

      long before = System.currentTimeMillis();
      bob.send("{\"type\":\"presence\",\"focus\":[\"goals\",2],\"caret\":3,\"selection\":[1,3],\"v\":0}");

      JsonNode seen = alice.awaitType("presence", WAIT);
      assertThat(seen.path("user_id").asString()).isEqualTo("dev:bob");
      assertThat(seen.path("client_id").asString()).isEqualTo(bobClient);
      assertThat(seen.path("name").asString()).isEqualTo("bob");
      assertThat(seen.path("color").asString()).isEqualTo(bobColor);
      assertThat(seen.path("focus").toString()).isEqualTo("[\"goals\",2]");
      assertThat(seen.path("caret").asInt()).isEqualTo(3);
      assertThat(seen.path("selection").toString()).isEqualTo("[1,3]");
      assertThat(seen.path("v").asLong()).isZero();
      assertThat(seen.path("ts").asLong()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
      // It travelled through the session's Redis channel, exactly as the sockets got it.
      String onRedis = published.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(onRedis).isNotNull();
      assertThat(JSON.readTree(onRedis)).isEqualTo(seen);

      // A newcomer finds it in the welcome.
      try (TestSocket carol = auth.socket(session, "carol")) {
        JsonNode welcome = carol.awaitType("welcome", WAIT);
        assertThat(welcome.path("presence")).containsExactly(seen);
      }
      // Leaving the field: an update without focus.
      bob.send("{\"type\":\"presence\",\"v\":0}");
      JsonNode away = alice.awaitType("presence", WAIT);
      assertThat(away.path("user_id").asString()).isEqualTo("dev:bob");
      assertThat(away.has("focus")).isFalse();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void entry_expiresAfterTheTtl_whileTheSocketStaysOpen_andGoesAtOnceWhenTheSocketCloses() throws Exception {
    String session = auth.create("Coming and going", "alice").sessionId();
    try (TestSocket alice = auth.socket(session, "alice");
        TestSocket bob = auth.socket(session, "bob")) {
      alice.awaitType("welcome", WAIT);
      bob.awaitType("welcome", WAIT);
      bob.send("{\"type\":\"presence\",\"focus\":[\"name\"],\"caret\":1,\"v\":0}");
      long ts = alice.awaitType("presence", WAIT).path("ts").asLong();
      assertThat(presenceInWelcome(session)).as("listed while fresh").containsExactly("dev:bob");

      // bob says nothing more: once the TTL has passed, he is no longer listed...
      Await.until(Duration.ofSeconds(10), () -> assertThat(presenceInWelcome(session)).isEmpty());
      assertThat(System.currentTimeMillis() - ts).as("not before the TTL").isGreaterThanOrEqualTo(TTL.toMillis());
      // ...although his socket is open and he is still a participant on it.
      assertThat(bob.isOpen()).isTrue();
      try (TestSocket check = auth.socket(session, "alice")) {
        assertThat(check.awaitType("welcome", WAIT).path("participants")).extracting(JsonNode::asString).contains("dev:bob");
      }

      // dave's entry is fresh, but goes with his socket: the others are told he left.
      try (TestSocket dave = auth.socket(session, "dave")) {
        dave.awaitType("welcome", WAIT);
        dave.send("{\"type\":\"presence\",\"focus\":[\"title\"],\"caret\":0,\"v\":0}");
        assertThat(alice.awaitType("presence", WAIT).path("user_id").asString()).isEqualTo("dev:dave");
        assertThat(presenceInWelcome(session)).containsExactly("dev:dave");
      }
      JsonNode left = frameOf(alice, "user_left", "dev:dave");
      assertThat(left.has("reason")).isFalse();
      assertThat(presenceInWelcome(session)).as("well within the TTL, but its socket is gone").isEmpty();
    }
  }

  @Test
  void burstOf50_throttledToTheAllowedRate_andTheLastPositionAlwaysArrives() throws Exception {
    String session = auth.create("Fast caret", "alice").sessionId();
    try (TestSocket alice = auth.socket(session, "alice");
        TestSocket bob = auth.socket(session, "bob")) {
      alice.awaitType("welcome", WAIT);
      bob.awaitType("welcome", WAIT);
      int burst = 50;
      long started = System.nanoTime();
      for (int caret = 1; caret <= burst; caret++) {
        alice.send("{\"type\":\"presence\",\"focus\":[\"name\"],\"caret\":" + caret + ",\"v\":0}");
      }
      long burstMillis = (System.nanoTime() - started) / 1_000_000;

      // The last one arrives (coalesced, when the window ends)...
      Await.until(WAIT, () -> assertThat(carets(bob)).contains(burst));
      List<Integer> carets = carets(bob);
      // ...last, after at most PER_SECOND a second and the one held back at the end of the burst.
      long windows = burstMillis / 1000 + 1;
      assertThat(carets.size()).as("forwarded of %d sent in %d ms: %s", burst, burstMillis, carets)
          .isLessThanOrEqualTo((int) (windows * PER_SECOND + 1));
      assertThat(carets).first().isEqualTo(1);
      assertThat(carets).last().isEqualTo(burst);
      assertThat(carets).isSorted().doesNotHaveDuplicates();
      assertThat(carets.subList(0, PER_SECOND)).as("the first window goes out at once").containsExactly(1, 2, 3, 4, 5);
      // What is stored is the latest, too.
      try (TestSocket carol = auth.socket(session, "carol")) {
        JsonNode entry = carol.awaitType("welcome", WAIT).path("presence").get(0);
        assertThat(entry.path("user_id").asString()).isEqualTo("dev:alice");
        assertThat(entry.path("caret").asInt()).isEqualTo(burst);
      }
      assertThat(carets(bob)).as("nothing after the last").hasSize(carets.size());
    }
  }

  @Test
  void entry_isValidAtItsVersion_theWelcomeMovesItToTheSnapshotsVersion() throws Exception {
    String session = auth.create("Carets and ops", "alice").sessionId();
    try (TestSocket alice = auth.socket(session, "alice");
        TestSocket bob = auth.socket(session, "bob")) {
      alice.awaitType("welcome", WAIT);
      bob.awaitType("welcome", WAIT);
      alice.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
      alice.awaitType("op", WAIT);
      bob.awaitType("op", WAIT);

      // bob's caret is at the end of "Sarah", at version 1; then alice types "Dr " in front.
      bob.send("{\"type\":\"presence\",\"focus\":[\"name\"],\"caret\":5,\"v\":1}");
      assertThat(alice.awaitType("presence", WAIT).path("caret").asInt()).isEqualTo(5);
      alice.send("{\"type\":\"op\",\"seq\":2,\"v\":1,\"op\":[{\"p\":[\"name\",0],\"si\":\"Dr \"}]}");
      JsonNode op = alice.awaitType("op", WAIT);
      assertThat(op.path("v").asLong()).isEqualTo(1);

      try (TestSocket carol = auth.socket(session, "carol")) {
        JsonNode welcome = carol.awaitType("welcome", WAIT);
        assertThat(welcome.path("version").asLong()).isEqualTo(2);
        JsonNode entry = welcome.path("presence").get(0);
        // Sent at version 1 (the end of "Sarah"); carol gets the snapshot at version 2 without
        // op 1, so the gateway moved it through op 1: the end of "Dr Sarah".
        assertThat(entry.path("v").asLong()).isEqualTo(2);
        assertThat(entry.path("caret").asInt()).isEqualTo(8);
        assertThat(welcome.path("snapshot").path("name").asString().substring(0, entry.path("caret").asInt())).isEqualTo("Dr Sarah");
      }
    }
  }

  /** The first frame of a type about a user that the socket received (waiting for it if need be). */
  private static JsonNode frameOf(TestSocket socket, String type, String userId) throws Exception {
    JsonNode[] found = new JsonNode[1];
    Await.until(WAIT, () -> {
      found[0] = socket.received().stream()
          .filter(f -> f.path("type").asString().equals(type) && f.path("user_id").asString().equals(userId))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + type + " of " + userId + " in " + socket.received()));
    });
    return found[0];
  }

  /** The user ids whose presence a fresh socket's welcome lists. */
  private static List<String> presenceInWelcome(String session) throws Exception {
    try (TestSocket probe = auth.socket(session, "prober")) {
      JsonNode welcome = probe.awaitType("welcome", WAIT);
      return java.util.stream.StreamSupport.stream(welcome.path("presence").spliterator(), false)
          .map(p -> p.path("user_id").asString())
          .toList();
    }
  }

  /** The carets of alice's presence frames a socket received, in order. */
  private static List<Integer> carets(TestSocket socket) {
    return socket.received().stream()
        .filter(f -> f.path("type").asString().equals("presence") && f.path("user_id").asString().equals("dev:alice"))
        .map(f -> f.path("caret").asInt())
        .toList();
  }
}
