package org.personacollab.cli.check;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The providers as the environment of this machine configures them, with the same variables,
 * defaults and probes as generation-service (its {@code application.yaml} and {@code
 * ProviderProbe}): {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code OPENAI_MODEL}; {@code
 * OPENAI_COMPATIBLE_BASE_URL}, {@code _API_KEY}, {@code _MODEL}; {@code ANTHROPIC_API_KEY}, …;
 * {@code OLLAMA_BASE_URL}, {@code OLLAMA_MODEL}; {@code GEMINI_API_KEY}, …; {@code
 * PERSONA_DEFAULT_PROVIDER}. Answers in the server's JSON shape so that both print alike.
 */
final class LocalProviders {
  private record Kind(String name, String env, @Nullable String defaultBase, String defaultModel, boolean needsKey, String probePath) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("openai", "OPENAI", "https://api.openai.com/v1", "gpt-4o-mini", true, "/models"),
          new Kind("openai-compatible", "OPENAI_COMPATIBLE", null, "default", false, "/models"),
          new Kind("anthropic", "ANTHROPIC", "https://api.anthropic.com", "claude-3-5-haiku-latest", true, "/v1/models"),
          new Kind("ollama", "OLLAMA", null, "llama3.2", false, "/api/tags"),
          new Kind("gemini", "GEMINI", "https://generativelanguage.googleapis.com", "gemini-2.0-flash", true, "/v1beta/models"));

  private LocalProviders() {}

  /** {@code {"default":…,"providers":[{name, configured, reachable, detail, base_url, model, default}]}} */
  static Map<String, Object> check(Map<String, String> env, Duration timeout) {
    String defaultName = value(env, "PERSONA_DEFAULT_PROVIDER") == null ? "offline" : value(env, "PERSONA_DEFAULT_PROVIDER");
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row("offline", true, true, "built in, needs no network", null, "offline-extractive-v1", defaultName));
    List<CompletableFuture<Map<String, Object>>> pending = new ArrayList<>();
    for (Kind k : KINDS) {
      String key = value(env, k.env() + "_API_KEY");
      String base = value(env, k.env() + "_BASE_URL");
      if (base == null) base = k.defaultBase();
      if (base != null) base = base.replaceAll("/+$", "");
      String model = value(env, k.env() + "_MODEL") == null ? k.defaultModel() : value(env, k.env() + "_MODEL");
      boolean configured = k.needsKey() ? key != null : base != null;
      if (!configured) {
        String what = k.needsKey() ? k.env() + "_API_KEY" : k.env() + "_BASE_URL";
        pending.add(CompletableFuture.completedFuture(row(k.name(), false, null, "not configured: set " + what, base, model, defaultName)));
        continue;
      }
      HttpRequest request = request(k, base, key, timeout);
      String b = base;
      pending.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .thenApply(
                  r ->
                      r.statusCode() / 100 == 2
                          ? row(k.name(), true, true, null, b, model, defaultName)
                          : row(k.name(), true, false, "HTTP " + r.statusCode() + " from " + request.uri(), b, model, defaultName))
              .exceptionally(e -> row(k.name(), true, false, message(e) + " (" + request.uri() + ")", b, model, defaultName)));
    }
    pending.forEach(f -> rows.add(f.join()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("default", defaultName);
    answer.put("providers", rows);
    return answer;
  }

  private static HttpRequest request(Kind k, String base, @Nullable String key, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + k.probePath())).timeout(timeout).GET();
    if (key != null) {
      switch (k.name()) {
        case "anthropic" -> b.header("x-api-key", key).header("anthropic-version", "2023-06-01");
        case "gemini" -> b.header("x-goog-api-key", key);
        default -> b.header("Authorization", "Bearer " + key);
      }
    }
    return b.build();
  }

  private static Map<String, Object> row(
      String name, boolean configured, @Nullable Boolean reachable, @Nullable String detail, @Nullable String base, String model, String defaultName) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("configured", configured);
    row.put("reachable", reachable);
    row.put("detail", detail);
    row.put("base_url", base);
    row.put("model", model);
    row.put("default", name.equals(defaultName));
    return row;
  }

  private static @Nullable String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
