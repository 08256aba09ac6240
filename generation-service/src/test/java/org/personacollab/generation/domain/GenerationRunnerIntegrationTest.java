package org.personacollab.generation.domain;

import org.personacollab.generation.redis.InMemoryGenerationControl;
import org.personacollab.generation.redis.RedisGenerationStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.provider.ChatModels;
import org.personacollab.generation.provider.DetailLevel;
import org.personacollab.generation.provider.OfflinePersonaModel;
import org.personacollab.generation.provider.PersonaParser;
import org.personacollab.generation.provider.PersonaPrompt;
import org.personacollab.generation.provider.ProviderChoiceException;
import org.personacollab.generation.provider.ProviderKind;
import org.personacollab.generation.provider.ProviderRegistry;
import org.personacollab.generation.provider.ProviderSettings;
import org.personacollab.generation.provider.ResilienceSettings;
import org.personacollab.generation.provider.ResilientPersonaModel;
import org.personacollab.generation.provider.StubLlmServer;
import org.personacollab.generation.provider.WireFormats;
import org.personacollab.generation.redis.RedisGenerationLock;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.research.ResearchLoader;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runner end to end with real Redis (frames on the session's channel, the generation lock)
 * and a provider behind a stub server speaking OpenAI's streaming format; the submitter records
 * what would go to Kafka.
 */
@WithInfra
class GenerationRunnerIntegrationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static LettuceConnectionFactory factory;
  private static ReactiveStringRedisTemplate redis;

  private final WireCodec codec = new WireCodec();
  private final JsonMapper json = JsonMapper.builder().build();
  private final RecordingSubmitter submitter = new RecordingSubmitter();
  private StubLlmServer stub;
  private RedisKeys keys;
  private GenerationRunner runner;
  private ProviderRegistry providers;

  /** What would go to the sequencer. */
  static final class RecordingSubmitter implements PersonaSubmitter {
    final List<ObjectNode> submitted = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> submit(GenerationRequest request, String generationId, ObjectNode persona) {
      return Mono.fromRunnable(() -> submitted.add(persona));
    }

    @Override
    public Mono<Void> event(GenerationRequest request, String type, Map<String, Object> data) {
      return Mono.fromRunnable(() -> events.add(Map.of("type", type, "data", data)));
    }
  }

  @BeforeAll
  static void connect() {
    Infra infra = Infra.get();
    factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
    factory.afterPropertiesSet();
    factory.start();
    redis = new ReactiveStringRedisTemplate(factory);
  }

  @AfterAll
  static void disconnect() {
    factory.destroy();
  }

  @BeforeEach
  void setUp() throws Exception {
    stub = new StubLlmServer();
    keys = new RedisKeys(Infra.get().uniquePrefix());
    var resilience = new ResilienceSettings(Duration.ofSeconds(20), Duration.ofMinutes(1), 1, Duration.ofMillis(10), 50, 10, 10, Duration.ofSeconds(30), 4);
    var registries = ResilientPersonaModel.Registries.ofDefaults();
    providers =
        new ProviderRegistry(
            List.of(new ProviderSettings(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "sk-test", "gpt-4o-mini", 1024, null, resilience)),
            "offline",
            s ->
                new ResilientPersonaModel(
                    s.kind() == ProviderKind.OFFLINE
                        ? new OfflinePersonaModel(new OfflineGenerator(CLOCK), json, 20, Duration.ZERO)
                        : ChatModels.personaModel(s),
                    resilience,
                    registries));
    runner = runner(new CollaborationProperties.Streaming(true, 20));
  }

  /** A runner with the offline provider pacing its chunks by {@code chunkDelay} and a lock lease of {@code lease}. */
  private GenerationRunner runner(Duration chunkDelay, Duration lease) {
    // Generous first-token and overall timeouts: a starved test JVM must not turn a slow run into a failure.
    var resilience = new ResilienceSettings(Duration.ofMinutes(2), Duration.ofMinutes(5), 1, Duration.ofMillis(10), 50, 10, 10, Duration.ofSeconds(30), 4);
    var registries = ResilientPersonaModel.Registries.ofDefaults();
    ProviderRegistry offline = new ProviderRegistry(List.of(), "offline",
        s -> new ResilientPersonaModel(new OfflinePersonaModel(new OfflineGenerator(CLOCK), json, 20, chunkDelay), resilience, registries));
    return redisRunner()
        .providers(offline)
        .streaming(new CollaborationProperties.Streaming(true, 20))
        .maxDuration(Duration.ofMinutes(5)) // a starved test JVM must not turn a slow run into a timeout
        .lease(lease)
        .build();
  }

  /** A runner on this test's Redis, with everything but the provider, streaming and max duration. */
  private GenerationRunner.Builder redisRunner() {
    return GenerationRunner.builder()
        .research(new BundledResearchSource(null))
        .loader(new ResearchLoader(ResearchLimits.defaults()))
        .prompt(new PersonaPrompt(500_000))
        .parser(new PersonaParser(json))
        .detail(DetailLevel.STANDARD)
        .events(new RedisSessionEvents(redis, keys, codec))
        .lock(new RedisGenerationLock(redis, keys))
        .store(new RedisGenerationStore(redis, keys, Duration.ofMinutes(10)))
        .control(new InMemoryGenerationControl())
        .submitter(submitter)
        .clock(CLOCK)
        .json(json);
  }

  /**
   * The chaos run's generation-service SIGKILL (docs/reliability.md): the instance running a
   * generation dies (here: its runner is closed, which stops the run without releasing the lock or
   * ending the generation, as a killed process would). Another instance must tell the session
   * {@code generation_failed} for it within a few leases, and a new generation must then start and
   * complete. Before the lease, the lock lived for {@code max-duration} and nothing ever ended
   * the generation: {@code generation_in_progress} for minutes, and no end frame at all.
   */
  @Test
  void instanceDiesMidGeneration_anotherInstanceFailsIt_andANewGenerationRuns() throws Exception {
    Duration lease = Duration.ofMillis(900);
    String session = "s-killed";
    var channel = redis.listenToChannelLater(keys.sessionEvents(session)).block(Duration.ofSeconds(5));
    List<JsonNode> frames = new CopyOnWriteArrayList<>();
    channel.map(m -> codec.readTree(m.getMessage())).subscribe(frames::add);

    GenerationRunner dying = runner(Duration.ofMillis(100), lease);
    String first = dying.start(new GenerationRequest(session, "user-1", 1, null)).block(Duration.ofSeconds(10));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (frames.stream().noneMatch(f -> f.get("type").asString().equals("generation_chunk")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(frames).extracting(f -> f.get("type").asString()).contains("generation_chunk");
    dying.close(); // the process is gone: no more chunks, no end, the lock is not released

    GenerationRunner survivor = runner(Duration.ZERO, lease);
    try {
      survivor.sweepOrphans(Duration.ofMillis(300));
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (frames.stream().noneMatch(f -> f.get("type").asString().equals("generation_failed")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      JsonNode failed = frames.stream().filter(f -> f.get("type").asString().equals("generation_failed")).findFirst().orElseThrow();
      assertThat(failed.get("generation_id").asString()).isEqualTo(first);
      assertThat(failed.get("code").asString()).isEqualTo("generation_failed");
      assertThat(failed.get("message").asString()).contains("interrupted");
      Map<String, Object> event = submitter.events.get(submitter.events.size() - 1);
      assertThat(event.get("type")).isEqualTo("generation.failed");
      assertThat(((Map<?, ?>) event.get("data")).get("reason")).isEqualTo("interrupted");

      String second = survivor.start(new GenerationRequest(session, "user-2", 1, null)).block(Duration.ofSeconds(10));
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (frames.stream().noneMatch(f -> f.get("type").asString().equals("generation_complete")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      JsonNode complete = frames.stream().filter(f -> f.get("type").asString().equals("generation_complete")).findFirst().orElseThrow();
      assertThat(complete.get("generation_id").asString()).isEqualTo(second);
      assertThat(frames.stream().filter(f -> f.get("type").asString().equals("generation_failed")).count()).as("failed once").isEqualTo(1);
    } finally {
      survivor.close();
    }
  }

  /** A generation outliving its lease is renewed, not failed, while its instance is alive. */
  @Test
  void aLiveGenerationLongerThanItsLease_keepsItsLock_andCompletes() throws Exception {
    // A lease generous enough that a starved test JVM still renews in time (a renewal that comes
    // later than the lease is, by design, a dead instance).
    GenerationRunner slow = runner(Duration.ofMillis(100), Duration.ofSeconds(3));
    GenerationRunner other = runner(Duration.ZERO, Duration.ofSeconds(3));
    try {
      other.sweepOrphans(Duration.ofMillis(300));
      var channel = redis.listenToChannelLater(keys.sessionEvents("s-long")).block(Duration.ofSeconds(5));
      CompletableFuture<List<JsonNode>> frames = channel.map(m -> codec.readTree(m.getMessage()))
          .takeUntil(f -> List.of("generation_complete", "generation_failed").contains(f.get("type").asString()))
          .collectList().toFuture();
      long t0 = System.nanoTime();
      slow.start(new GenerationRequest("s-long", "user-1", 1, null)).block(Duration.ofSeconds(10));
      List<JsonNode> all = frames.get(180, TimeUnit.SECONDS);

      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the run outlived several leases").isGreaterThan(Duration.ofMillis(4500));
      assertThat(all.get(all.size() - 1).get("type").asString()).isEqualTo("generation_complete");
      assertThat(catchThrowableOfType(ApiException.class,
          () -> other.start(new GenerationRequest("s-long", "user-2", 1, null)).block(Duration.ofSeconds(10))))
          .as("the lock was released at the end: a new generation starts").isNull();
    } finally {
      slow.close();
      other.close();
    }
  }

  private GenerationRunner runner(CollaborationProperties.Streaming streaming) {
    return redisRunner().providers(providers).streaming(streaming).maxDuration(Duration.ofMinutes(1)).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    runner.close();
    stub.close();
  }

  /** Subscribes to the session's channel, runs the request, returns every frame up to the end. */
  private List<JsonNode> run(GenerationRequest request) throws Exception {
    var channel = redis.listenToChannelLater(keys.sessionEvents(request.sessionId())).block(Duration.ofSeconds(5));
    CompletableFuture<List<JsonNode>> frames =
        channel
            .map(m -> codec.readTree(m.getMessage()))
            .takeUntil(f -> List.of("generation_complete", "generation_failed").contains(f.get("type").asString()))
            .collectList()
            .toFuture();
    runner.start(request).block(Duration.ofSeconds(10));
    return frames.get(60, TimeUnit.SECONDS);
  }

  private static List<String> types(List<JsonNode> frames) {
    return frames.stream().map(f -> f.get("type").asString()).distinct().toList();
  }

  private static String text(List<JsonNode> frames) {
    StringBuilder text = new StringBuilder();
    long expected = 0;
    for (JsonNode f : frames) {
      if (!f.get("type").asString().equals("generation_chunk")) continue;
      assertThat(f.get("index").asLong()).as("gap-free index").isEqualTo(expected++);
      assertThat(f.get("content").asString().length()).isLessThanOrEqualTo(20);
      text.append(f.get("content").asString());
    }
    return text.toString();
  }

  @Test
  void run_openAiStream_chunksTheTextAndSubmitsThePersona() throws Exception {
    stub.on("/v1/chat/completions", WireFormats.openAi(WireFormats.PERSONA_JSON, 7));

    List<JsonNode> frames = run(new GenerationRequest("s-openai", "user-1", 1, null, "openai", "gpt-test"));

    assertThat(types(frames)).containsExactly("generation_started", "generation_chunk", "generation_complete");
    assertThat(frames.get(0).get("provider").asString()).isEqualTo("openai");
    assertThat(text(frames)).isEqualTo(WireFormats.PERSONA_JSON);
    JsonNode complete = frames.get(frames.size() - 1);
    assertThat(complete.at("/persona/name").asString()).isEqualTo("Maya Chen");
    assertThat(complete.at("/persona/metadata/model").asString()).isEqualTo("gpt-test");
    assertThat(submitter.submitted).hasSize(1);
    ObjectNode persona = submitter.submitted.get(0);
    assertThat(persona.at("/metadata/provider").asString()).isEqualTo("openai");
    assertThat(persona.at("/metadata/template").asString()).isEqualTo("persona-v1");
    assertThat(persona.at("/metadata/generated_at").asString()).isEqualTo("2026-11-26T10:00:00Z");
    assertThat(stub.requests().get(0).body()).contains("\"model\":\"gpt-test\"").contains("=== source: ");
    assertThat(submitter.events).extracting(e -> e.get("type")).containsExactly("generation.started", "generation.completed");
  }

  @Test
  void run_invalidPersona_failsForEverybody_keepsTheRawText_andReleasesTheLock() throws Exception {
    String answer = "```json\n{\"personas\": [{\"name\": \"Maya\"}]}\n```";
    stub.on("/v1/chat/completions", WireFormats.openAi(answer, 5));

    List<JsonNode> frames = run(new GenerationRequest("s-invalid", "user-1", 1, null, "openai", null));

    JsonNode failed = frames.get(frames.size() - 1);
    assertThat(failed.get("type").asString()).isEqualTo("generation_failed");
    assertThat(failed.get("code").asString()).isEqualTo("generation_failed");
    assertThat(failed.get("message").asString())
        .startsWith("The persona could not be generated: the answer is not a valid persona: ")
        .contains("personas[0].title must be a non-blank string");
    assertThat(text(frames)).isEqualTo(answer);
    assertThat(submitter.submitted).isEmpty();
    Map<String, Object> event = submitter.events.get(submitter.events.size() - 1);
    assertThat(event.get("type")).isEqualTo("generation.failed");
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) event.get("data");
    assertThat(data).containsEntry("reason", "invalid").containsEntry("raw_text", answer).containsEntry("raw_text_length", answer.length());

    // The lock is released: the session can generate again.
    stub.on("/v1/chat/completions", WireFormats.openAi(WireFormats.PERSONA_JSON, 50));
    assertThat(types(run(new GenerationRequest("s-invalid", "user-1", 1, null, "openai", null)))).contains("generation_complete");
  }

  @Test
  void run_offlineDefault_countTwo_putsBothCandidatesUnderMetadata() throws Exception {
    List<JsonNode> frames = run(new GenerationRequest("s-offline", "user-1", 2, null));

    assertThat(frames.get(0).get("provider").asString()).isEqualTo("offline");
    JsonNode persona = frames.get(frames.size() - 1).get("persona");
    assertThat(persona.at("/metadata/provider").asString()).isEqualTo("offline");
    assertThat(persona.at("/metadata/candidates").size()).isEqualTo(2);
    assertThat(persona.at("/metadata/candidates/0/name").asString()).isEqualTo(persona.get("name").asString());
    assertThat(json.readTree(text(frames)).isArray()).as("the streamed text is the offline generator's JSON").isTrue();
  }

  @Test
  void run_streamingDisabled_onlyStartedAndComplete() throws Exception {
    runner.close();
    runner = runner(new CollaborationProperties.Streaming(false, 20));
    stub.on("/v1/chat/completions", WireFormats.openAi(WireFormats.PERSONA_JSON, 7));

    List<JsonNode> frames = run(new GenerationRequest("s-quiet", "user-1", 1, null, "openai", null));

    assertThat(frames).extracting(f -> f.get("type").asString()).containsExactly("generation_started", "generation_complete");
    assertThat(frames.get(1).get("chunks").asInt()).isZero();
    assertThat(frames.get(1).at("/persona/name").asString()).isEqualTo("Maya Chen");
  }

  @Test
  void run_offline_streamedTextIsExactlyThePersona() throws Exception {
    List<JsonNode> frames = run(new GenerationRequest("s-offline-1", "user-1", 1, null));

    JsonNode persona = frames.get(frames.size() - 1).get("persona");
    assertThat(json.readTree(text(frames))).isEqualTo(persona);
    assertThat(persona.at("/metadata/model").asString()).isEqualTo(OfflineGenerator.MODEL);
    assertThat(submitter.submitted.get(0)).isEqualTo(persona);
  }

  @Test
  void start_unknownOrUnconfiguredProvider_isValidationFailed_andStartsNothing() {
    var unknown = catchThrowableOfType(ProviderChoiceException.class,
        () -> runner.start(new GenerationRequest("s-bad", "user-1", 1, null, "opanai", null)).block());
    assertThat(unknown.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(unknown.problem()).isEqualTo(ProviderChoiceException.Problem.UNKNOWN);
    assertThat(unknown.getMessage())
        .isEqualTo("Unknown provider \"opanai\". Known providers: offline, openai, openai-compatible, anthropic, ollama, gemini; configured here: offline, openai.");

    var unconfigured = catchThrowableOfType(ProviderChoiceException.class,
        () -> runner.start(new GenerationRequest("s-bad", "user-1", 1, null, "anthropic", null)).block());
    assertThat(unconfigured.problem()).isEqualTo(ProviderChoiceException.Problem.NOT_CONFIGURED);
    assertThat(unconfigured.getMessage()).contains("persona.generation.providers.anthropic.api-key (or ANTHROPIC_API_KEY)");
    assertThat(runner.runningCount()).isZero();
    assertThat(submitter.events).isEmpty();
  }
}
