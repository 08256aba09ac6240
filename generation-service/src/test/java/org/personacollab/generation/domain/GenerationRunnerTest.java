package org.personacollab.generation.domain;

import org.personacollab.generation.provider.DetailLevel;
import org.personacollab.generation.provider.PersonaModel;
import org.personacollab.generation.provider.PersonaParser;
import org.personacollab.generation.provider.PersonaPrompt;
import org.personacollab.generation.provider.PromptRequest;
import org.personacollab.generation.provider.ProviderRegistry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.redis.InMemoryGenerationControl;
import org.personacollab.generation.redis.InMemoryGenerationStore;
import org.personacollab.generation.research.NamedContent;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.research.ResearchLoader;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.frame.GenerationCancelled;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.publisher.TestPublisher;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The publish path of a generation (store first, then publish, numbered from 0; chunk size;
 * streaming off) and its cancellation (who may, what it stops, what everybody is told).
 */
class GenerationRunnerTest {
  private static final String SESSION = "k3v9x2m7qa";
  /** A persona as the parser accepts it (every field, and metadata, as the offline generator writes it). */
  private static final String PERSONA =
      "{\"name\":\"Zoë 🙂\",\"title\":\"Tool-weary lead\",\"demographics\":{},\"goals\":[\"Fewer tools\"],"
          + "\"pain_points\":[],\"behaviours\":[],\"quotes\":[],\"motivations\":[],"
          + "\"metadata\":{\"provider\":\"offline\",\"model\":\"test\"}}";

  /** PERSONA in three pieces that do not line up with any chunk size used here. */
  private static Flux<String> pieces() {
    return Flux.just(PERSONA.substring(0, 7), PERSONA.substring(7, 20), PERSONA.substring(20));
  }

  private final InMemoryGenerationStore store = new InMemoryGenerationStore(Clock.systemUTC(), Duration.ofMinutes(5));
  private final InMemoryGenerationControl control = new InMemoryGenerationControl();
  private final Lock lock = new Lock();
  private final Events events = new Events();
  private final Submitter submitter = new Submitter();
  private final List<GenerationRunner> runners = new ArrayList<>();
  private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters =
      new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);

  @AfterEach
  void close() {
    runners.forEach(GenerationRunner::close);
  }

  private GenerationRunner runner(boolean streaming, int chunkSize, Function<PromptRequest, Flux<String>> text) {
    GenerationRunner runner = builder(streaming, chunkSize, text).build();
    runners.add(runner);
    return runner;
  }

  private GenerationRunner.Builder builder(boolean streaming, int chunkSize, Function<PromptRequest, Flux<String>> text) {
    // A provider whose answer the test scripts; it stands in for the default (offline) slot.
    PersonaModel model = new PersonaModel() {
      @Override
      public String name() {
        return "offline";
      }

      @Override
      public String model() {
        return "test";
      }

      @Override
      public Flux<String> stream(PromptRequest request) {
        return text.apply(request);
      }

      @Override
      public boolean writesOwnMetadata() {
        return true; // the scripted text is exactly the persona that enters the document
      }
    };
    JsonMapper json = JsonMapper.builder().build();
    return GenerationRunner.builder()
        .research(dataset -> List.of(new NamedContent("notes.md", "# Interview\n\nI want fewer tools.\n".getBytes(UTF_8))))
        .loader(new ResearchLoader(ResearchLimits.defaults()))
        .providers(new ProviderRegistry(List.of(), "offline", settings -> model))
        .prompt(new PersonaPrompt(100_000))
        .parser(new PersonaParser(json))
        .detail(DetailLevel.STANDARD)
        .events(events).lock(lock).store(store).control(control).submitter(submitter)
        .streaming(new CollaborationProperties.Streaming(streaming, chunkSize))
        .maxDuration(Duration.ofSeconds(30)).clock(Clock.systemUTC()).json(json).metrics(new StreamMetrics(meters));
  }

  @Test
  void builder_namesAMissingPart_andRefusesALeaseTooShortToRenew() {
    assertThatThrownBy(() -> GenerationRunner.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("GenerationRunner needs research");
    assertThatThrownBy(() -> GenerationRunner.builder().research(dataset -> List.of()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("GenerationRunner needs loader");
    assertThatThrownBy(() -> builder(true, 8, r -> pieces()).lease(Duration.ofMillis(2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease must be at least 3 ms");
  }

  private static GenerationRequest request(String user) {
    return new GenerationRequest(SESSION, user, 1, null);
  }

  @Test
  void chunks_areCutToChunkSize_storedThenPublished_numberedFromZero() {
    // The provider's pieces do not line up with chunk_size; the chunks do.
    GenerationRunner runner = runner(true, 8, r -> pieces());

    String id = runner.start(request("alice")).block();
    await(() -> events.last() instanceof GenerationComplete);

    List<String> expected = Chunker.split(PERSONA, 8);
    List<GenerationChunk> chunks = events.of(GenerationChunk.class);
    assertThat(chunks).extracting(GenerationChunk::index).containsExactly(
        java.util.stream.LongStream.range(0, expected.size()).boxed().toArray(Long[]::new));
    assertThat(chunks).extracting(GenerationChunk::content).containsExactlyElementsOf(expected);
    assertThat(chunks).allMatch(c -> c.generationId().equals(id) && c.content().length() <= 8);
    assertThat(events.storedBeforePublish).as("each chunk was in the store when it was published").isTrue();
    assertThat(events.frames.get(0)).isInstanceOf(GenerationStarted.class);
    GenerationComplete complete = (GenerationComplete) events.last();
    assertThat(complete.chunks()).isEqualTo(expected.size());
    assertThat(complete.persona().path("name").asString()).isEqualTo("Zoë 🙂");
    GenerationSnapshot state = store.read(SESSION, 0).block();
    assertThat(state.status()).isEqualTo(GenerationStatus.COMPLETED);
    assertThat(state.text()).isEqualTo(PERSONA);
    assertThat(submitter.personas).hasSize(1);
    assertThat(lock.holders).isEmpty();
  }

  @Test
  void streamingDisabled_sendsOnlyStartedAndComplete() {
    GenerationRunner runner = runner(false, 8, r -> pieces());

    runner.start(request("alice")).block();
    await(() -> events.last() instanceof GenerationComplete);

    assertThat(events.frames).hasSize(2);
    assertThat(events.frames.get(0)).isInstanceOf(GenerationStarted.class);
    assertThat(((GenerationComplete) events.frames.get(1)).chunks()).isZero();
    assertThat(store.read(SESSION, 0).block().chunkCount()).isZero();
    assertThat(submitter.personas).singleElement().satisfies(p -> assertThat(p.path("name").asString()).isEqualTo("Zoë 🙂"));
  }

  @Test
  void cancel_byTheStarter_cancelsTheProviderStream_tellsEverybody_auditsAndUnlocks() {
    TestPublisher<String> provider = TestPublisher.create();
    GenerationRunner runner = runner(true, 4, r -> provider.flux());
    String id = runner.start(request("alice")).block();
    await(() -> provider.wasSubscribed());
    provider.next("{\"name\":");
    await(() -> events.of(GenerationChunk.class).size() == 2);

    GenerationCancelled frame = runner.cancel(SESSION, id, "alice", false).block();

    assertThat(frame).isEqualTo(new GenerationCancelled(id, "alice"));
    provider.assertWasCancelled();
    assertThat(events.last()).isEqualTo(frame);
    assertThat(events.of(GenerationFailed.class)).isEmpty();
    assertThat(store.read(SESSION, 0).block().status()).isEqualTo(GenerationStatus.CANCELLED);
    assertThat(submitter.personas).isEmpty();
    assertThat(submitter.events).containsEntry("generation.cancelled",
        Map.of("generation_id", id, "by", "alice", "started_by", "alice", "chunks", 2L));
    assertThat(submitter.actors).containsEntry("generation.cancelled", "alice");
    assertThat(lock.holders).isEmpty();
    assertThat(runner.runningCount()).isZero();

    // A new generation may start at once.
    GenerationRunner next = runner(true, 4, r -> Flux.just(PERSONA));
    assertThat(next.start(request("bob")).block()).isNotEqualTo(id);
  }

  @Test
  void cancel_onAnotherInstance_stopsTheRunWhereItRuns() {
    TestPublisher<String> provider = TestPublisher.create();
    GenerationRunner instanceA = runner(true, 4, r -> provider.flux());
    GenerationRunner instanceB = runner(true, 4, r -> Flux.never());
    String id = instanceA.start(request("alice")).block();
    await(() -> provider.wasSubscribed());

    instanceB.cancel(SESSION, GenerationRunner.CURRENT, "dev:facilitator", true).block();

    await(() -> provider.wasCancelled());
    assertThat(instanceA.runningCount()).isZero();
    assertThat(events.last()).isEqualTo(new GenerationCancelled(id, "dev:facilitator"));
  }

  @Test
  void cancel_aChunkRacingTheCancel_isNeitherStoredNorPublished() {
    // The control message is lost: the run learns of the cancel from the store, at its next chunk.
    TestPublisher<String> provider = TestPublisher.createNoncompliant(TestPublisher.Violation.CLEANUP_ON_TERMINATE);
    GenerationRunner runner = runner(true, 4, r -> provider.flux());
    String id = runner.start(request("alice")).block();
    await(() -> provider.wasSubscribed());
    store.transition(SESSION, id, GenerationStatus.RUNNING, GenerationStatus.CANCELLED).block();

    provider.next("abcd");

    await(() -> provider.wasCancelled());
    assertThat(events.of(GenerationChunk.class)).isEmpty();
    assertThat(events.of(GenerationFailed.class)).as("a cancelled run does not also fail").isEmpty();
    assertThat(store.read(SESSION, 0).block().chunkCount()).isZero();
  }

  @Test
  void cancel_refusals_areTypedAndChangeNothing() {
    TestPublisher<String> provider = TestPublisher.create();
    GenerationRunner runner = runner(true, 4, r -> provider.flux());

    // Given | When | Then
    assertThat(code(() -> runner.cancel(SESSION, "gen-0000000000000000", "alice", true).block()))
        .as("nothing ran yet").isEqualTo(ErrorCode.GENERATION_NOT_FOUND);
    String id = runner.start(request("alice")).block();
    await(() -> provider.wasSubscribed());
    assertThat(code(() -> runner.cancel(SESSION, "gen-ffffffffffffffff", "alice", true).block()))
        .as("another id").isEqualTo(ErrorCode.GENERATION_NOT_FOUND);
    assertThat(code(() -> runner.cancel(SESSION, id, "bob", false).block()))
        .as("an editor who did not start it").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(store.read(SESSION, 0).block().status()).isEqualTo(GenerationStatus.RUNNING);
    assertThat(provider.wasCancelled()).isFalse();

    runner.cancel(SESSION, id, "carol", true).block(); // a facilitator may

    assertThat(code(() -> runner.cancel(SESSION, id, "alice", false).block()))
        .as("cancelled already").isEqualTo(ErrorCode.GENERATION_FINISHED);
    assertThat(events.of(GenerationCancelled.class)).hasSize(1);
  }

  @Test
  void cancel_aCompletedGeneration_isGenerationFinished() {
    GenerationRunner runner = runner(true, 50, r -> Flux.just(PERSONA));
    String id = runner.start(request("alice")).block();
    await(() -> events.last() instanceof GenerationComplete);

    assertThat(code(() -> runner.cancel(SESSION, id, "alice", false).block())).isEqualTo(ErrorCode.GENERATION_FINISHED);
    assertThat(code(() -> runner.cancel(SESSION, GenerationRunner.CURRENT, "alice", false).block()))
        .isEqualTo(ErrorCode.GENERATION_FINISHED);
    assertThat(store.read(SESSION, 0).block().status()).isEqualTo(GenerationStatus.COMPLETED);
  }

  @Test
  void providerError_failsOnce_andAppendsNothingMore() {
    GenerationRunner runner = runner(true, 4, r -> Flux.concat(Flux.just("{\"na"), Flux.error(new IllegalStateException("connection reset"))));

    runner.start(request("alice")).block();
    await(() -> events.last() instanceof GenerationFailed);

    assertThat(events.of(GenerationChunk.class)).hasSize(1);
    assertThat(((GenerationFailed) events.last()).code()).isEqualTo("generation_failed");
    assertThat(store.read(SESSION, 0).block().status()).isEqualTo(GenerationStatus.FAILED);
    assertThat(lock.holders).isEmpty();
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out");
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The frames published on the session channel, checking that each chunk was stored first. */
  private final class Events implements SessionEvents {
    final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    volatile boolean storedBeforePublish = true;

    @Override
    public Mono<Void> publish(String sessionId, ServerFrame frame) {
      return Mono.fromRunnable(() -> {
        if (frame instanceof GenerationChunk chunk) {
          GenerationSnapshot at = store.read(sessionId, chunk.index()).block();
          if (at == null || at.chunks().isEmpty() || !at.chunks().get(0).equals(chunk.content())) storedBeforePublish = false;
        }
        frames.add(frame);
      });
    }

    ServerFrame last() {
      return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    <T> List<T> of(Class<T> type) {
      return frames.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static final class Lock implements GenerationLock {
    final Map<String, String> holders = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> acquire(String sessionId, String generationId, Duration ttl) {
      return Mono.fromCallable(() -> holders.putIfAbsent(sessionId, generationId) == null);
    }

    @Override
    public Mono<Void> release(String sessionId, String generationId) {
      return Mono.fromRunnable(() -> holders.remove(sessionId, generationId));
    }

    @Override
    public Mono<Boolean> renew(String sessionId, String generationId, Duration ttl) {
      return Mono.fromCallable(() -> generationId.equals(holders.get(sessionId)));
    }

    @Override
    public Mono<String> holder(String sessionId) {
      return Mono.justOrEmpty(holders.get(sessionId));
    }
  }

  private static final class Submitter implements PersonaSubmitter {
    final List<ObjectNode> personas = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, Object>> events = new ConcurrentHashMap<>();
    final Map<String, String> actors = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> submit(GenerationRequest request, String generationId, ObjectNode persona) {
      return Mono.fromRunnable(() -> personas.add(persona));
    }

    @Override
    public Mono<Void> event(GenerationRequest request, String type, Map<String, Object> data) {
      return Mono.fromRunnable(() -> {
        events.put(type, Map.copyOf(data));
        actors.put(type, request.userId());
      });
    }
  }

  /** Time to first token, characters and pieces (tokens) per second, and how streams end, as Prometheus shows them. */
  @Test
  void streamMetrics_firstTokenCharactersDeltasAndOutcome_atThePrometheusEndpoint() {
    GenerationRunner runner = runner(true, 8, r -> pieces().delaySubscription(Duration.ofMillis(150)));
    runner.start(request("alice")).block();
    await(() -> events.last() instanceof GenerationComplete);

    String scrape = meters.scrape();
    for (String name : org.personacollab.platform.observability.PersonaMetrics.PROMETHEUS.get("generation-service")) {
      if (!name.startsWith("resilience4j_")) assertThat(scrape).as("series %s", name).containsPattern("(?m)^" + name + "[{ ]");
    }
    assertThat(meters.get("persona.generation.first.token").tag("provider", "offline").timer().count()).isEqualTo(1);
    assertThat(meters.get("persona.generation.first.token").tag("provider", "offline").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(150);
    assertThat(meters.get("persona.generation.characters").tag("provider", "offline").counter().count()).isEqualTo(PERSONA.length());
    assertThat(meters.get("persona.generation.deltas").tag("provider", "offline").counter().count()).isEqualTo(3);
    assertThat(meters.get("persona.generation.streams").tag("provider", "offline").tag("outcome", "completed").counter().count()).isEqualTo(1);

    // A provider that fails before its first token: no first-token time, one failed stream.
    GenerationRunner failing = runner(true, 8, r -> Flux.error(new IllegalStateException("down")));
    failing.start(new GenerationRequest("other-session", "bob", 1, null)).block();
    await(() -> meters.find("persona.generation.streams").tag("outcome", "failed").counter() != null);
    assertThat(meters.get("persona.generation.streams").tag("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(meters.get("persona.generation.first.token").tag("provider", "offline").timer().count()).isEqualTo(1);
  }
}
