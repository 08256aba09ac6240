package org.personacollab.generation.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.personacollab.generation.provider.WireFormats.PERSONA_JSON;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.provider.GenerationFailure.Reason;
import org.personacollab.generation.provider.StubLlmServer.Drop;
import org.personacollab.generation.provider.StubLlmServer.Pause;
import org.personacollab.generation.provider.StubLlmServer.Script;
import org.personacollab.generation.provider.StubLlmServer.Send;
import org.personacollab.generation.research.ResearchDocument;
import org.personacollab.generation.research.ResearchFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each provider's real Spring AI client against a stub server that speaks its exact streaming
 * wire format; every case ends in a complete persona or a {@link GenerationFailure} with a reason
 * and, when text had arrived, the raw text.
 */
class ProviderWireFormatTest {
  private static final ResilienceSettings FAST =
      new ResilienceSettings(Duration.ofMillis(2500), Duration.ofSeconds(20), 2, Duration.ofMillis(10), 50, 10, 10, Duration.ofSeconds(30), 4);
  private static final PersonaMetadata META = new PersonaMetadata("2026-11-26T00:00:00Z", "stub", "stub-model", PersonaPrompt.TEMPLATE);
  private static final PromptRequest REQUEST =
      new PromptRequest(
          "Write one persona.",
          List.of(new ResearchDocument("notes.md", ResearchFormat.MARKDOWN, "We interviewed Maya.", List.of())),
          1,
          null);

  private final JsonMapper json = JsonMapper.builder().build();
  private final PersonaParser parser = new PersonaParser(json);
  private StubLlmServer stub;

  /**
   * The first call of each client in a JVM loads its SDK (seconds on a busy machine), which would
   * eat into the short first-token limits of these tests; one unguarded call each makes the
   * timings below about the wire, not class loading.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    try (StubLlmServer warm = new StubLlmServer()) {
      warm.on("/v1/chat/completions", WireFormats.openAi("ok", 2))
          .on("/v1/messages", WireFormats.anthropic("ok", 2))
          .on("/api/chat", WireFormats.ollama("ok", 2))
          .on("/v1beta/models/gemini-2.0-flash:streamGenerateContent", WireFormats.gemini("ok", 2));
      for (ProviderKind kind : List.of(ProviderKind.OPENAI, ProviderKind.OPENAI_COMPATIBLE, ProviderKind.ANTHROPIC, ProviderKind.OLLAMA, ProviderKind.GEMINI)) {
        String base = kind == ProviderKind.OPENAI || kind == ProviderKind.OPENAI_COMPATIBLE ? warm.baseUrl() + "/v1" : warm.baseUrl();
        var settings = new ProviderSettings(kind, base, kind == ProviderKind.OPENAI_COMPATIBLE || kind == ProviderKind.OLLAMA ? null : "k",
            kind.defaultModel(), 16, null, ResilienceSettings.defaults());
        ChatModels.personaModel(settings).stream(REQUEST).blockLast(Duration.ofSeconds(60));
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    stub = new StubLlmServer();
  }

  @AfterEach
  void stop() throws Exception {
    stub.close();
  }

  private PersonaModel model(ProviderKind kind, String baseUrl, String key) {
    var settings = new ProviderSettings(kind, baseUrl, key, kind.defaultModel(), 1024, null, FAST);
    return new ResilientPersonaModel(ChatModels.personaModel(settings), FAST, ResilientPersonaModel.Registries.ofDefaults());
  }

  /** Streams, then parses: the persona, or the failure. */
  private Object outcome(PersonaModel model) {
    try {
      List<String> deltas = model.stream(REQUEST).collectList().block(Duration.ofSeconds(20));
      return parser.parse(String.join("", deltas), 1, META).document();
    } catch (GenerationFailure f) {
      return f;
    }
  }

  private ObjectNode persona(Object outcome) {
    assertThat(outcome).as("outcome").isInstanceOf(ObjectNode.class);
    return (ObjectNode) outcome;
  }

  private GenerationFailure failure(Object outcome) {
    assertThat(outcome).as("outcome").isInstanceOf(GenerationFailure.class);
    return (GenerationFailure) outcome;
  }

  // ---------------------------------------------------------------- OpenAI

  @Test
  void openAi_normalStream_givesThePersona() {
    stub.on("/v1/chat/completions", WireFormats.openAi(PERSONA_JSON, 17));

    ObjectNode persona = persona(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "sk-test")));

    assertThat(persona.get("name").asString()).isEqualTo("Maya Chen");
    assertThat(persona.get("favourite_app").asString()).isEqualTo("Notes");
    assertThat(persona.at("/metadata/template").asString()).isEqualTo("persona-v1");
    var request = stub.requests().get(0);
    assertThat(request.headers().get("authorization")).isEqualTo("Bearer sk-test");
    assertThat(request.body()).contains("\"stream\":true").contains("Write one persona.").contains("gpt-4o-mini");
  }

  @Test
  void openAiCompatible_withoutKey_sendsNoAuthorization() {
    stub.on("/v1/chat/completions", WireFormats.openAi(PERSONA_JSON, 40));

    persona(outcome(model(ProviderKind.OPENAI_COMPATIBLE, stub.baseUrl() + "/v1", null)));

    assertThat(stub.requests().get(0).headers()).doesNotContainKey("authorization");
  }

  @Test
  void openAi_slowFirstTokenOnce_isRetried() {
    stub.on(
        "/v1/chat/completions",
        attempt -> attempt == 1 ? Script.of(200, "text/event-stream", new Pause(6_000), WireFormats.openAiRole()) : WireFormats.openAi(PERSONA_JSON, 30));

    ObjectNode persona = persona(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "k")));

    assertThat(persona.get("title").asString()).isEqualTo("The Time-Pressed Planner");
    assertThat(stub.requestsTo("/v1/chat/completions")).isEqualTo(2);
  }

  @Test
  void openAi_slowFirstTokenEveryTime_failsWithTimeout() {
    stub.on("/v1/chat/completions", Script.of(200, "text/event-stream", new Pause(6_000), WireFormats.openAiRole()));

    GenerationFailure f = failure(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "k")));

    assertThat(f.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(f.getMessage()).contains("openai (gpt-4o-mini) sent no first token within PT2.5S (2 attempt(s))");
    assertThat(f.rawText()).isNull();
    assertThat(stub.requestsTo("/v1/chat/completions")).isEqualTo(2);
  }

  @Test
  void openAi_malformedChunk_failsKeepingTheTextSoFar() {
    stub.on(
        "/v1/chat/completions",
        Script.of(200, "text/event-stream", WireFormats.openAiRole(), WireFormats.openAiDelta("{\"personas\": ["), new Send("data: {\"id\": oops\n\n"),
            WireFormats.openAiEnd()));

    GenerationFailure f = failure(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "k")));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.getMessage()).startsWith("openai failed: ");
    assertThat(f.rawText()).isEqualTo("{\"personas\": [");
    assertThat(stub.requestsTo("/v1/chat/completions")).as("no retry after the first token").isEqualTo(1);
  }

  @Test
  void openAi_droppedConnection_failsKeepingTheTextSoFar_withoutRetry() {
    stub.on(
        "/v1/chat/completions",
        Script.of(200, "text/event-stream", WireFormats.openAiRole(), WireFormats.openAiDelta("{\"personas\": [{\"name\": \"Ma"), new Drop()));

    GenerationFailure f = failure(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "k")));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.rawText()).isEqualTo("{\"personas\": [{\"name\": \"Ma");
    assertThat(stub.requestsTo("/v1/chat/completions")).isEqualTo(1);
  }

  @Test
  void openAi_httpError_isRetriedThenReported() {
    stub.on("/v1/chat/completions", Script.of(401, "application/json",
        new Send("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));

    GenerationFailure f = failure(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "bad")));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.getMessage()).contains("Incorrect API key provided");
    assertThat(stub.requestsTo("/v1/chat/completions")).isEqualTo(2);
  }

  @Test
  void openAi_invalidPersonaJson_failsWithTheReasonAndTheRawText() {
    String answer = "Here you go:\n```json\n{\"personas\": [{\"name\": \"Maya\", \"goals\": \"be fast\"}]}\n```";
    stub.on("/v1/chat/completions", WireFormats.openAi(answer, 9));

    GenerationFailure f = failure(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "k")));

    assertThat(f.reason()).isEqualTo(Reason.INVALID);
    assertThat(f.getMessage())
        .contains("personas[0].title must be a non-blank string")
        .contains("personas[0].demographics must be an object")
        .contains("personas[0].goals must be a list of strings");
    assertThat(f.rawText()).isEqualTo(answer);
  }

  @Test
  void openAi_proseInsteadOfJson_isUnparseable() {
    stub.on("/v1/chat/completions", WireFormats.openAi("I cannot write personas from this data.", 10));

    GenerationFailure f = failure(outcome(model(ProviderKind.OPENAI, stub.baseUrl() + "/v1", "k")));

    assertThat(f.reason()).isEqualTo(Reason.UNPARSEABLE);
    assertThat(f.rawText()).isEqualTo("I cannot write personas from this data.");
  }

  // ---------------------------------------------------------------- Anthropic

  @Test
  void anthropic_normalStream_withPing_givesThePersona() {
    stub.on("/v1/messages", WireFormats.anthropic(PERSONA_JSON, 23));

    ObjectNode persona = persona(outcome(model(ProviderKind.ANTHROPIC, stub.baseUrl(), "sk-ant-test")));

    assertThat(persona.get("quotes").get(0).asString()).isEqualTo("I just want dinner sorted before my shift.");
    var request = stub.requests().get(0);
    assertThat(request.headers().get("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(request.headers()).containsKey("anthropic-version");
    assertThat(request.body()).contains("\"stream\":true").contains("claude-3-5-haiku-latest");
  }

  @Test
  void anthropic_midStreamErrorEvent_failsKeepingTheTextSoFar() {
    stub.on(
        "/v1/messages",
        Script.of(200, "text/event-stream", WireFormats.anthropicStart(), WireFormats.anthropicDelta("{\"personas\""), WireFormats.anthropicError()));

    GenerationFailure f = failure(outcome(model(ProviderKind.ANTHROPIC, stub.baseUrl(), "k")));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.getMessage()).startsWith("anthropic failed: ").containsIgnoringCase("overloaded");
    assertThat(f.rawText()).isEqualTo("{\"personas\"");
    assertThat(stub.requestsTo("/v1/messages")).isEqualTo(1);
  }

  @Test
  void anthropic_droppedConnection_fails() {
    stub.on("/v1/messages", Script.of(200, "text/event-stream", WireFormats.anthropicStart(), WireFormats.anthropicDelta("{\"per"), new Drop()));

    GenerationFailure f = failure(outcome(model(ProviderKind.ANTHROPIC, stub.baseUrl(), "k")));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.rawText()).isEqualTo("{\"per");
  }

  // ---------------------------------------------------------------- Ollama

  @Test
  void ollama_ndjsonStream_givesThePersona() {
    stub.on("/api/chat", WireFormats.ollama(PERSONA_JSON, 31));

    ObjectNode persona = persona(outcome(model(ProviderKind.OLLAMA, stub.baseUrl(), null)));

    assertThat(persona.get("demographics").get("occupation").asString()).isEqualTo("Nurse");
    assertThat(stub.requests().get(0).body()).contains("\"model\":\"llama3.2\"").contains("\"stream\":true");
  }

  @Test
  void ollama_malformedLine_fails() {
    stub.on("/api/chat", Script.of(200, "application/x-ndjson", WireFormats.ollamaDelta("{\"personas\": "), new Send("{not json\n"), WireFormats.ollamaEnd()));

    GenerationFailure f = failure(outcome(model(ProviderKind.OLLAMA, stub.baseUrl(), null)));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.rawText()).isEqualTo("{\"personas\": ");
  }

  @Test
  void ollama_droppedConnection_fails() {
    stub.on("/api/chat", Script.of(200, "application/x-ndjson", WireFormats.ollamaDelta("{\"personas\": "), new Drop()));

    GenerationFailure f = failure(outcome(model(ProviderKind.OLLAMA, stub.baseUrl(), null)));

    assertThat(f.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(f.rawText()).isEqualTo("{\"personas\": ");
  }

  // ---------------------------------------------------------------- Gemini

  @Test
  void gemini_sseStream_givesThePersona() {
    stub.on("/v1beta/models/gemini-2.0-flash:streamGenerateContent", WireFormats.gemini(PERSONA_JSON, 50));

    ObjectNode persona = persona(outcome(model(ProviderKind.GEMINI, stub.baseUrl(), "gem-key")));

    assertThat(persona.get("motivations").get(0).asString()).isEqualTo("Time with her kids");
    assertThat(stub.requests().get(0).path()).contains("alt=sse");
  }
}
