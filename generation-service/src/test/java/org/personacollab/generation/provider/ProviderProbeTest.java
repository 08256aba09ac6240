package org.personacollab.generation.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.provider.StubLlmServer.Script;
import org.personacollab.generation.provider.StubLlmServer.Send;
import reactor.core.publisher.Flux;

class ProviderProbeTest {
  private static ProviderSettings settings(ProviderKind kind, String base, String key) {
    return new ProviderSettings(kind, base, key, kind.defaultModel(), 100, null, ResilienceSettings.defaults());
  }

  @Test
  void check_reportsEachProvider_withItsOwnModelsEndpointAndAuth() throws Exception {
    try (StubLlmServer stub = new StubLlmServer()) {
      stub.on("/v1/models", Script.of(200, "application/json", new Send("{\"data\":[]}")))
          .on("/api/tags", Script.of(200, "application/json", new Send("{\"models\":[]}")))
          .on("/v1beta/models", Script.of(403, "application/json", new Send("{\"error\":{\"code\":403}}")));
      var registry =
          new ProviderRegistry(
              List.of(
                  settings(ProviderKind.OPENAI_COMPATIBLE, stub.baseUrl() + "/v1", "local-key"),
                  settings(ProviderKind.ANTHROPIC, stub.baseUrl(), "ant-key"),
                  settings(ProviderKind.OLLAMA, stub.baseUrl(), null),
                  settings(ProviderKind.GEMINI, stub.baseUrl(), "bad-key")),
              "ollama",
              s -> new PersonaModel() {
                public String name() { return s.kind().id(); }
                public String model() { return s.model(); }
                public Flux<String> stream(PromptRequest r) { return Flux.empty(); }
              });

      Map<String, ProviderStatus> byName =
          new ProviderProbe(Duration.ofSeconds(5)).check(registry).block(Duration.ofSeconds(20)).stream()
              .collect(Collectors.toMap(ProviderStatus::name, s -> s));

      assertThat(byName.keySet()).containsExactlyInAnyOrder("offline", "openai", "openai-compatible", "anthropic", "ollama", "gemini");
      assertThat(byName.get("offline")).extracting(ProviderStatus::configured, ProviderStatus::reachable).containsExactly(true, true);
      assertThat(byName.get("openai")).extracting(ProviderStatus::configured, ProviderStatus::reachable).containsExactly(false, null);
      assertThat(byName.get("openai").detail()).isEqualTo("not configured: set persona.generation.providers.openai.api-key (or OPENAI_API_KEY)");
      assertThat(byName.get("openai-compatible").reachable()).isTrue();
      assertThat(byName.get("anthropic").reachable()).isTrue();
      assertThat(byName.get("ollama")).extracting(ProviderStatus::reachable, ProviderStatus::isDefault).containsExactly(true, true);
      assertThat(byName.get("gemini").reachable()).isFalse();
      assertThat(byName.get("gemini").detail()).startsWith("HTTP 403 from " + stub.baseUrl() + "/v1beta/models");
      var requests = stub.requests();
      assertThat(requests).anySatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer local-key"));
      assertThat(requests).anySatisfy(r -> assertThat(r.headers()).containsEntry("x-api-key", "ant-key").containsKey("anthropic-version"));
      assertThat(requests).anySatisfy(r -> assertThat(r.headers()).containsEntry("x-goog-api-key", "bad-key"));
    }
  }

  @Test
  void probe_slowOrDownServer_isUnreachableWithin_theTimeout() throws Exception {
    // A server that accepts connections (the backlog) but never answers.
    try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      var probe = new ProviderProbe(Duration.ofMillis(500));

      long start = System.nanoTime();
      ProviderStatus slow =
          probe.probe(settings(ProviderKind.OLLAMA, "http://127.0.0.1:" + silent.getLocalPort(), null), false).block(Duration.ofSeconds(10));
      ProviderStatus down = probe.probe(settings(ProviderKind.OLLAMA, "http://127.0.0.1:1", null), false).block(Duration.ofSeconds(10));

      assertThat(slow.reachable()).isFalse();
      assertThat(slow.detail()).contains("timed out");
      assertThat(down.reachable()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }
}
