package org.personacollab.generation.web;

import java.util.List;
import org.personacollab.generation.provider.ProviderProbe;
import org.personacollab.generation.provider.ProviderRegistry;
import org.personacollab.generation.provider.ProviderStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/generation/providers}: every provider this server knows, whether it is
 * configured, whether its API answers now (a cheap list-models call, see {@link ProviderProbe}),
 * its model and which one is the default. Needs any valid token; keys are never shown.
 *
 * <pre>
 * {"default":"offline","providers":[{"name":"offline","configured":true,"reachable":true,…},
 *   {"name":"openai","configured":false,"reachable":null,"detail":"not configured: set …",…}]}
 * </pre>
 */
@RestController
public class ProvidersController {
  private final ProviderRegistry providers;
  private final ProviderProbe probe;

  public ProvidersController(ProviderRegistry providers, ProviderProbe probe) {
    this.providers = providers;
    this.probe = probe;
  }

  /** The response body. */
  public record Providers(@com.fasterxml.jackson.annotation.JsonProperty("default") String defaultProvider, List<ProviderStatus> providers) {}

  @GetMapping("/api/generation/providers")
  public Mono<Providers> providers() {
    return probe.check(providers).map(list -> new Providers(providers.defaultName(), list));
  }
}
