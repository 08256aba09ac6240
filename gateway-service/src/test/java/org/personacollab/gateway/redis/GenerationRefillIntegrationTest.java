package org.personacollab.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.domain.Connection;
import org.personacollab.gateway.domain.GenerationFeeds;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.redis.RedisGenerationReader;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Real Redis, real pub/sub, the gateway's real listener, feed and reader: a chunk that is stored
 * but whose publish is lost still reaches the socket's outbound queue, once, in index order; and a
 * socket that joins halfway gets the text so far, then the rest.
 *
 * <p>The writer side does what generation-service's {@code RedisGenerationStore} does, in the
 * layout {@link RedisGenerationReader} documents (its contract test reads through that reader).
 */
@WithInfra
class GenerationRefillIntegrationTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final String G = "gen-0123456789abcdef";

  private LettuceConnectionFactory factory;
  private ReactiveStringRedisTemplate redis;
  private ReactiveRedisMessageListenerContainer container;
  private SessionEventsListener listener;
  private GenerationFeeds feeds;
  private RedisKeys keys;
  private RedisSessionEvents events;
  private final List<Disposable> subscriptions = new ArrayList<>();

  @BeforeEach
  void start() {
    Infra infra = Infra.get();
    factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
    factory.afterPropertiesSet();
    factory.start();
    redis = new ReactiveStringRedisTemplate(factory);
    container = new ReactiveRedisMessageListenerContainer(factory);
    keys = new RedisKeys(infra.uniquePrefix() + ":");
    feeds = new GenerationFeeds(CODEC, new RedisGenerationReader(redis, keys)::read, Duration.ofSeconds(2));
    listener = new SessionEventsListener(container, keys, new SessionHub(100), CODEC, feeds);
    listener.start();
    events = new RedisSessionEvents(redis, keys, CODEC);
    try {
      Thread.sleep(300); // the pattern subscription is live
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void stop() {
    subscriptions.forEach(Disposable::dispose);
    listener.stop();
    container.destroy();
    factory.destroy();
  }

  /** A socket of the session: what its outbound queue would write, decoded. */
  private List<ServerFrame> socket(String session, String user) {
    Connection connection = new Connection("c-" + user, session, user, user, Identity.Role.EDITOR, 1000, CODEC,
        (s, from, to) -> Mono.just(List.of()), (code, reason) -> {}, Duration.ofSeconds(2));
    List<ServerFrame> received = new CopyOnWriteArrayList<>();
    subscriptions.add(connection.outbound().subscribe(json -> received.add(CODEC.read(json, ServerFrame.class))));
    feeds.join(connection);
    return received;
  }

  private void startGeneration(String session) {
    redis.opsForHash().putAll(keys.generationState(session),
        Map.of("id", G, "status", "running", "provider", "offline", "started_by", "alice", "started_at", "1764158400000")).block();
  }

  /** Stores chunk {@code index} (as generation-service does before publishing) and publishes it unless {@code lost}. */
  private void chunk(String session, int index, boolean lost) {
    String content = "chunk-" + index + ";";
    Long length = redis.opsForList().rightPush(keys.generationChunks(session), content).block();
    assertThat(length).isEqualTo(index + 1L);
    if (!lost) events.publish(session, new GenerationChunk(G, index, content)).block();
  }

  private static List<Long> indexes(List<ServerFrame> frames) {
    return frames.stream().filter(GenerationChunk.class::isInstance).map(f -> ((GenerationChunk) f).index()).toList();
  }

  @Test
  void aLostChunk_isRefilled_everyIndexOnceInOrder() throws Exception {
    String session = "refill" + System.nanoTime();
    List<ServerFrame> socket = socket(session, "bob");
    await(() -> feeds.size() == 1);
    Thread.sleep(300); // the catch-up read (nothing running) is answered and the subscription is live

    startGeneration(session);
    events.publish(session, new GenerationStarted(G, "alice", "offline", 1_764_158_400_000L)).block();
    for (int i = 0; i < 20; i++) chunk(session, i, i == 7 || i == 13 || i == 14);
    events.publish(session, new GenerationComplete(G, CODEC.mapper().createObjectNode().put("name", "Zoë"), 20)).block();

    await(() -> !socket.isEmpty() && socket.get(socket.size() - 1) instanceof GenerationComplete);
    assertThat(socket.get(0)).isInstanceOf(GenerationStarted.class);
    assertThat(indexes(socket)).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
    assertThat(socket.stream().filter(GenerationChunk.class::isInstance).map(f -> ((GenerationChunk) f).content()).toList())
        .allMatch(c -> c.startsWith("chunk-"))
        .contains("chunk-7;", "chunk-13;", "chunk-14;");
  }

  @Test
  void aLostLastChunk_isRefilledBeforeTheComplete() throws Exception {
    String session = "last" + System.nanoTime();
    List<ServerFrame> socket = socket(session, "bob");
    Thread.sleep(300);

    startGeneration(session);
    events.publish(session, new GenerationStarted(G, "alice", "offline", 1_764_158_400_000L)).block();
    for (int i = 0; i < 5; i++) chunk(session, i, i == 4);
    events.publish(session, new GenerationComplete(G, CODEC.mapper().createObjectNode(), 5)).block();

    await(() -> !socket.isEmpty() && socket.get(socket.size() - 1) instanceof GenerationComplete);
    assertThat(indexes(socket)).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void aSocketJoiningHalfway_getsTheTextSoFar_thenTheRest() throws Exception {
    String session = "late" + System.nanoTime();
    List<ServerFrame> early = socket(session, "bob");
    Thread.sleep(300);
    startGeneration(session);
    events.publish(session, new GenerationStarted(G, "alice", "offline", 1_764_158_400_000L)).block();
    for (int i = 0; i < 10; i++) chunk(session, i, false);
    await(() -> indexes(early).size() == 10);

    List<ServerFrame> late = socket(session, "carol");
    for (int i = 10; i < 20; i++) chunk(session, i, false);
    events.publish(session, new GenerationComplete(G, CODEC.mapper().createObjectNode(), 20)).block();

    await(() -> !late.isEmpty() && late.get(late.size() - 1) instanceof GenerationComplete);
    assertThat(late).isEqualTo(early);
  }

  @Test
  void aSessionsFirstSocketJoiningHalfway_isCaughtUpFromRedis() throws Exception {
    String session = "first" + System.nanoTime();
    startGeneration(session);
    for (int i = 0; i < 6; i++) chunk(session, i, false); // published before anyone here listened

    List<ServerFrame> late = socket(session, "dave");
    for (int i = 6; i < 12; i++) chunk(session, i, false);
    events.publish(session, new GenerationComplete(G, CODEC.mapper().createObjectNode(), 12)).block();

    await(() -> !late.isEmpty() && late.get(late.size() - 1) instanceof GenerationComplete);
    assertThat(late.get(0)).isEqualTo(new GenerationStarted(G, "alice", "offline", 1_764_158_400_000L));
    assertThat(indexes(late)).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 12).boxed().toList());
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out");
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
