package org.personacollab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code persona up} to a usable page (DESIGN.md §10: ≤ 30 s), the probe half of
 * {@code bench/e2e/up-time.sh}: given the gateway's URL and the wall-clock millisecond the script
 * started {@code persona up}, polls {@code GET /} every 100 ms until it answers 200, then signs in,
 * creates a session and opens its WebSocket until the {@code welcome} arrives, and prints both
 * times since the start. Gives up after {@code timeoutSeconds}.
 *
 * <pre>
 * java -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
 *   org.personacollab.bench.UpProbe http://localhost:18080 &lt;start epoch ms&gt; [timeoutSeconds=300]
 * </pre>
 */
public final class UpProbe {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private UpProbe() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    long start = Long.parseLong(args[1]);
    long timeout = args.length > 2 ? Long.parseLong(args[2]) : 300;
    long deadline = start + timeout * 1000;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int status = -1;
    while (status != 200) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("GET / never answered 200 (last " + status + ")");
      try {
        status = http.send(HttpRequest.newBuilder(base.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (java.io.IOException e) {
        status = -1;
      }
      if (status != 200) Thread.sleep(100);
    }
    long page = System.currentTimeMillis() - start;
    System.out.printf("page: GET / answered 200 after %.1f s%n", page / 1000.0);

    String user = post(http, base, "/api/auth/token", null, "{\"name\":\"up-probe\"}").path("token").asString();
    JsonNode created = post(http, base, "/api/sessions", user, "{\"name\":\"up probe\"}");
    String session = created.path("session").path("id").asString();
    CompletableFuture<Void> welcome = new CompletableFuture<>();
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/sessions/" + session);
    WebSocket socket = http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + created.path("token").asString())
        .buildAsync(ws, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            if (data.toString().startsWith("{\"type\":\"welcome\"")) welcome.complete(null);
            w.request(1);
            return null;
          }
        })
        .get(30, TimeUnit.SECONDS);
    welcome.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    long welcomed = System.currentTimeMillis() - start;
    socket.abort();
    System.out.printf("welcome: signed in, created a session and had its WebSocket welcome after %.1f s%n", welcomed / 1000.0);
  }

  private static JsonNode post(HttpClient http, URI base, String path, String token, String json) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) r.header("Authorization", "Bearer " + token);
    HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
    return JSON.readTree(response.body());
  }
}
