package org.personacollab.generation.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks each configured provider a cheap question that needs the key and costs no tokens, its list
 * of models: OpenAI and compatible servers {@code GET {base}/models}, Anthropic {@code GET
 * {base}/v1/models}, Ollama {@code GET {base}/api/tags}, Gemini {@code GET {base}/v1beta/models}.
 * Reachable means a 2xx answer within the timeout; anything else is reported with its status or
 * error.
 */
public final class ProviderProbe {
  private final HttpClient http;
  private final Duration timeout;

  public ProviderProbe(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The status of every known provider, probing the configured ones in parallel. */
  public Mono<List<ProviderStatus>> check(ProviderRegistry registry) {
    return Flux.fromIterable(registry.settings())
        .flatMapSequential(s -> probe(s, s.kind().id().equals(registry.defaultName())))
        .collectList();
  }

  Mono<ProviderStatus> probe(ProviderSettings s, boolean isDefault) {
    String name = s.kind().id();
    if (!s.configured()) {
      return Mono.just(new ProviderStatus(name, false, null, "not configured: set " + s.kind().howToConfigure(), s.base(), s.model(), isDefault));
    }
    if (s.kind() == ProviderKind.OFFLINE) {
      return Mono.just(new ProviderStatus(name, true, true, "built in, needs no network", null, s.model(), isDefault));
    }
    HttpRequest request = request(s);
    return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
        .map(
            r ->
                r.statusCode() / 100 == 2
                    ? new ProviderStatus(name, true, true, null, s.base(), s.model(), isDefault)
                    : new ProviderStatus(name, true, false, "HTTP " + r.statusCode() + " from " + request.uri(), s.base(), s.model(), isDefault))
        .onErrorResume(
            e -> Mono.just(new ProviderStatus(name, true, false, ChatPersonaModel.describe(e) + " (" + request.uri() + ")", s.base(), s.model(), isDefault)));
  }

  private HttpRequest request(ProviderSettings s) {
    String base = s.base();
    String key = s.apiKey() == null ? "" : s.apiKey();
    HttpRequest.Builder b = HttpRequest.newBuilder().timeout(timeout).GET();
    switch (s.kind()) {
      case OPENAI, OPENAI_COMPATIBLE -> {
        b.uri(URI.create(base + "/models"));
        if (!key.isBlank()) b.header("Authorization", "Bearer " + key);
      }
      case ANTHROPIC -> b.uri(URI.create(base + "/v1/models")).header("x-api-key", key).header("anthropic-version", "2023-06-01");
      case OLLAMA -> b.uri(URI.create(base + "/api/tags"));
      case GEMINI -> b.uri(URI.create(base + "/v1beta/models")).header("x-goog-api-key", key);
      case OFFLINE -> throw new IllegalStateException("offline is not probed");
    }
    return b.build();
  }
}
