package org.personacollab.generation.web;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.generation.provider.PersonaModel;
import org.personacollab.generation.provider.PromptRequest;
import org.personacollab.generation.provider.ProviderKind;
import org.personacollab.generation.provider.ProviderProbe;
import org.personacollab.generation.provider.ProviderRegistry;
import org.personacollab.generation.provider.ProviderSettings;
import org.personacollab.generation.provider.ResilienceSettings;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** The JSON of {@code GET /api/generation/providers} (the shape {@code persona check} reads). */
class ProvidersControllerTest {
  @Test
  void providers_everyKnownOne_inOrder_withoutKeys() {
    var registry =
        new ProviderRegistry(
            List.of(new ProviderSettings(ProviderKind.ANTHROPIC, "http://127.0.0.1:1", "sk-ant-secret", "claude-x", 100, null, ResilienceSettings.defaults())),
            "offline",
            s -> new PersonaModel() {
              public String name() { return s.kind().id(); }
              public String model() { return s.model(); }
              public Flux<String> stream(PromptRequest r) { return Flux.empty(); }
            });
    var client = WebTestClient.bindToController(new ProvidersController(registry, new ProviderProbe(Duration.ofSeconds(2)))).build();

    client.get().uri("/api/generation/providers").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.default").isEqualTo("offline")
        .jsonPath("$.providers[*].name").isEqualTo(List.of("offline", "openai", "openai-compatible", "anthropic", "ollama", "gemini"))
        .jsonPath("$.providers[0].default").isEqualTo(true)
        .jsonPath("$.providers[0].reachable").isEqualTo(true)
        .jsonPath("$.providers[1].configured").isEqualTo(false)
        .jsonPath("$.providers[1].reachable").isEmpty()
        .jsonPath("$.providers[3].configured").isEqualTo(true)
        .jsonPath("$.providers[3].reachable").isEqualTo(false)
        .jsonPath("$.providers[3].base_url").isEqualTo("http://127.0.0.1:1")
        .jsonPath("$.providers[3].model").isEqualTo("claude-x")
        .consumeWith(r -> org.assertj.core.api.Assertions.assertThat(new String(r.getResponseBody())).doesNotContain("sk-ant-secret"));
  }
}
