package org.personacollab.generation.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.ServerFrame;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.generation.domain.GenerationStoreContract;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@WithInfra
class RedisGenerationStoreIntegrationTest extends GenerationStoreContract {
  private static LettuceConnectionFactory factory;
  private static ReactiveStringRedisTemplate template;

  @BeforeAll
  static void connect() {
    Infra infra = Infra.get();
    factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
    factory.afterPropertiesSet();
    factory.start();
    template = new ReactiveStringRedisTemplate(factory);
  }

  @AfterAll
  static void disconnect() {
    factory.destroy();
  }

  @Override
  protected GenerationStore newStore(Duration ttl) {
    return new RedisGenerationStore(template, new RedisKeys(Infra.get().uniquePrefix() + ":"), ttl);
  }

  private static final WireCodec CODEC = new WireCodec();

  /** Chunks whose text would trip a careless cut of the frame at its index. */
  private static final List<String> TRICKY = List.of(
      "{\"index\":-9223372036854775808, \"x\": 1}", "Zoë 🙂 \\ \"quoted\"\n", "\"index\":" + Long.MIN_VALUE, "", "plain");

  /** Subscribes to the session's channel; the frames it gets, in order. */
  private static List<String> listen(ReactiveRedisMessageListenerContainer container, String channel, List<Disposable> subscriptions) {
    List<String> got = new CopyOnWriteArrayList<>();
    subscriptions.add(container.receiveLater(ChannelTopic.of(channel)).block(Duration.ofSeconds(5))
        .subscribe(m -> got.add(m.getMessage())));
    return got;
  }

  private static void await(List<?> list, int size) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (list.size() < size && System.nanoTime() < until) Thread.sleep(10);
  }

  @Test
  void appendAndPublish_storesEachChunk_andPublishesExactlyTheFrameOfItsIndex() throws Exception {
    RedisKeys keys = new RedisKeys(Infra.get().uniquePrefix() + ":");
    RedisGenerationStore store = new RedisGenerationStore(template, keys, Duration.ofMinutes(5));
    RedisSessionEvents events = new RedisSessionEvents(template, keys, CODEC);
    ReactiveRedisMessageListenerContainer container = new ReactiveRedisMessageListenerContainer(factory);
    List<Disposable> subscriptions = new ArrayList<>();
    try {
      List<String> frames = listen(container, events.channel("s1"), subscriptions);
      store.start("s1", "g1", "offline", "alice", 1L).block();

      List<Long> indexes = new ArrayList<>();
      for (String chunk : TRICKY) indexes.add(store.appendAndPublish("s1", "g1", chunk, events).block());
      await(frames, TRICKY.size());

      assertThat(indexes).containsExactly(0L, 1L, 2L, 3L, 4L);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < TRICKY.size(); i++) expected.add(CODEC.write(new GenerationChunk("g1", i, TRICKY.get(i))));
      assertThat(frames).containsExactlyElementsOf(expected);
      assertThat(frames).allSatisfy(f -> assertThat(CODEC.read(f, ServerFrame.class)).isInstanceOf(GenerationChunk.class));
      assertThat(store.read("s1", 0).block().chunks()).containsExactlyElementsOf(TRICKY);
    } finally {
      subscriptions.forEach(Disposable::dispose);
      container.destroy();
    }
  }

  @Test
  void appendAndPublish_afterCancel_orForAnotherGeneration_storesAndPublishesNothing() throws Exception {
    RedisKeys keys = new RedisKeys(Infra.get().uniquePrefix() + ":");
    RedisGenerationStore store = new RedisGenerationStore(template, keys, Duration.ofMinutes(5));
    RedisSessionEvents events = new RedisSessionEvents(template, keys, CODEC);
    ReactiveRedisMessageListenerContainer container = new ReactiveRedisMessageListenerContainer(factory);
    List<Disposable> subscriptions = new ArrayList<>();
    try {
      List<String> frames = listen(container, events.channel("s2"), subscriptions);
      store.start("s2", "g1", "offline", "alice", 1L).block();
      assertThat(store.appendAndPublish("s2", "g1", "first", events).block()).isZero();
      assertThat(store.appendAndPublish("s2", "other", "stray", events).blockOptional()).isEmpty();
      store.transition("s2", "g1", GenerationStatus.RUNNING, GenerationStatus.CANCELLED).block();
      assertThat(store.appendAndPublish("s2", "g1", "late", events).blockOptional()).isEmpty();
      await(frames, 2);
      Thread.sleep(200); // anything wrongly published would have arrived by now

      assertThat(frames).containsExactly(CODEC.write(new GenerationChunk("g1", 0, "first")));
      assertThat(store.read("s2", 0).block().chunks()).containsExactly("first");
    } finally {
      subscriptions.forEach(Disposable::dispose);
      container.destroy();
    }
  }

  @Test
  void appendAndPublish_throughOtherEvents_storesFirst_thenPublishesThroughThem() {
    RedisKeys keys = new RedisKeys(Infra.get().uniquePrefix() + ":");
    RedisGenerationStore store = new RedisGenerationStore(template, keys, Duration.ofMinutes(5));
    List<ServerFrame> published = new CopyOnWriteArrayList<>();
    List<Boolean> storedFirst = new CopyOnWriteArrayList<>();
    SessionEvents recording = (sessionId, frame) -> store.read(sessionId, ((GenerationChunk) frame).index())
        .doOnNext(at -> storedFirst.add(at.chunks().get(0).equals(((GenerationChunk) frame).content())))
        .then(Mono.fromRunnable(() -> published.add(frame)));
    store.start("s3", "g1", "offline", "alice", 1L).block();

    assertThat(store.appendAndPublish("s3", "g1", "a", recording).block()).isZero();
    assertThat(store.appendAndPublish("s3", "g1", "b", recording).block()).isEqualTo(1L);

    assertThat(published).containsExactly(new GenerationChunk("g1", 0, "a"), new GenerationChunk("g1", 1, "b"));
    assertThat(storedFirst).containsExactly(true, true);
  }
}
