package org.personacollab.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Capacity (DESIGN.md §10: one gateway holds 10,000 idle WebSockets within 512 MB heap). Starts
 * the system as {@code persona up} does ({@link SystemUnderTest}) with the gateway's heap capped by
 * an appended {@code -Xmx} (default 512m), signs in {@code sessions × perSession} participants
 * (each its own user and session token; {@code perSession} defaults to the shipped
 * {@code max_participants_per_session} of 10, the benchmark config raises {@code max_sessions} to
 * 10,000), opens one JDK {@link WebSocket} per participant and counts a socket as held once its
 * {@code welcome} arrived. The sockets then stay idle for {@code holdSeconds} (past the gateway's
 * 60 s idle timeout, so heartbeats run: the JDK client answers the server's pings with pongs,
 * which is all that keeps an idle socket open). Reported: gateway heap used after a full GC
 * ({@code jcmd GC.run} then {@code GC.heap_info}) and RSS / threads ({@code /proc/<pid>/status})
 * before the sockets and at the end of the hold, samples during the hold, sockets still open at the
 * end, and every close and error by reason.
 *
 * <pre>
 * ulimit -n 20000   # the client holds one descriptor per socket, the gateway too
 * java -Xmx2g -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
 *   org.personacollab.bench.CapacityBench [sessions=1000] [perSession=10] [socketsEach=1] [holdSeconds=90] [gatewayXmx=512m]
 * </pre>
 */
public final class CapacityBench {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern HEAP_LINE = Pattern.compile("total (\\d+)K, used (\\d+)K");
  private static final Pattern FULL_GC = Pattern.compile("Pause Full .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  private final HttpClient rest = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
  private final HttpClient sockets = HttpClient.newHttpClient();
  private final SystemUnderTest system;
  private final long gatewayPid;
  private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder welcomed = new LongAdder();
  private final LongAdder framesAfterWelcome = new LongAdder();

  private final Path gcLog;

  private CapacityBench(SystemUnderTest system, Path gcLog) {
    this.system = system;
    this.gcLog = gcLog;
    this.gatewayPid = system.pids.get("gateway-service");
  }

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perSession = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int socketsEach = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int hold = args.length > 3 ? Integer.parseInt(args[3]) : 90;
    String xmx = args.length > 4 ? args[4] : "512m";
    Path repo = Path.of("").toAbsolutePath();
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
    Path data = Files.createDirectories(repo.resolve("bench/e2e/target/capacity-" + stamp));
    String prefix = "bench-capacity-" + stamp + ":";
    System.out.println("date: " + Instant.now());
    System.out.println("load avg before: " + loadAvg());
    System.out.println("client: " + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    System.out.printf("plan: %d sessions × %d participants × %d sockets each = %d sockets, hold %d s, gateway -Xmx%s%n",
        sessions, perSession, socketsEach, sessions * perSession * socketsEach, hold, xmx);
    try (SystemUnderTest system = SystemUnderTest.start(
        repo, data, prefix, true, Map.of("gateway-service", List.of("-Xmx" + xmx)), System.out)) {
      new CapacityBench(system, data.resolve("logs/gateway-service-gc.log")).run(sessions, perSession, socketsEach, hold);
    } finally {
      System.out.println("load avg after: " + loadAvg());
      System.out.println("gateway GC log: " + data.resolve("logs/gateway-service-gc.log"));
      Path gcLog = data.resolve("logs/gateway-service-gc.log");
      if (Files.exists(gcLog)) {
        Path copy = repo.resolve("bench/e2e/results/capacity-" + stamp + "-gateway-gc.log");
        Files.createDirectories(copy.getParent());
        Files.copy(gcLog, copy, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("gateway GC log copied to " + repo.relativize(copy));
      }
    }
  }

  /** One idle socket: counts its welcome, frames after it, and how it ended. */
  private final class Idle implements WebSocket.Listener {
    volatile boolean welcome;
    volatile boolean ended;
    private boolean midMessage;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (!midMessage) {
        if (!welcome && startsWith(data, "{\"type\":\"welcome\"")) {
          welcome = true;
          welcomed.increment();
        } else {
          framesAfterWelcome.increment();
        }
      }
      midMessage = !last;
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      ended = true;
      closes.computeIfAbsent(status + " " + reason, k -> new LongAdder()).increment();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended = true;
      errors.computeIfAbsent("socket: " + error, k -> new LongAdder()).increment();
    }
  }

  private static boolean startsWith(CharSequence data, String prefix) {
    if (data.length() < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) if (data.charAt(i) != prefix.charAt(i)) return false;
    return true;
  }

  private void run(int sessions, int perSession, int socketsEach, int hold) throws Exception {
    // 1. Participants: a user token each, a session token each (REST through the gateway).
    long t0 = System.nanoTime();
    List<String[]> targets = new ArrayList<>(); // {session id, session token}
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<List<String[]>>> made = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      int n = s;
      made.add(pool.submit(() -> session(n, perSession)));
    }
    List<String[]> participants = new ArrayList<>();
    for (Future<List<String[]>> f : made) participants.addAll(f.get());
    pool.shutdown();
    System.out.printf("participants: %d in %d sessions, signed in and joined in %.1f s (load %s)%n",
        participants.size(), sessions, (System.nanoTime() - t0) / 1e9, loadAvg());
    // Several sockets per participant (tabs) when asked: round robin, so each participant's
    // sockets open spread over the run.
    for (int k = 0; k < socketsEach; k++) targets.addAll(participants);

    Snapshot before = snapshot(true);
    System.out.println("gateway before the sockets (after a full GC): " + before);

    // 2. Sockets: at most 200 handshakes in flight.
    t0 = System.nanoTime();
    Semaphore inFlight = new Semaphore(200);
    List<Idle> listeners = new ArrayList<>(targets.size());
    List<WebSocket> open = java.util.Collections.synchronizedList(new ArrayList<>(targets.size()));
    AtomicLong handshakeFailures = new AtomicLong();
    for (String[] target : targets) {
      Idle idle = new Idle();
      listeners.add(idle);
      inFlight.acquire();
      sockets.newWebSocketBuilder()
          .header("Authorization", "Bearer " + target[1])
          .connectTimeout(Duration.ofSeconds(30))
          .buildAsync(system.ws.resolve("/ws/sessions/" + target[0]), idle)
          .whenComplete((ws, error) -> {
            inFlight.release();
            if (error != null) {
              handshakeFailures.incrementAndGet();
              idle.ended = true;
              errors.computeIfAbsent("handshake: " + rootMessage(error), k -> new LongAdder()).increment();
            } else {
              open.add(ws);
            }
          });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (welcomed.sum() + handshakeFailures.get() < targets.size() && System.nanoTime() < deadline) Thread.sleep(100);
    System.out.printf("sockets: %d opened, %d welcomed, %d handshakes failed in %.1f s (load %s)%n",
        open.size(), welcomed.sum(), handshakeFailures.get(), (System.nanoTime() - t0) / 1e9, loadAvg());

    // 3. Idle hold; samples without forcing a GC.
    long holdStart = System.nanoTime();
    for (int elapsed = 0; elapsed < hold; ) {
      int step = Math.min(15, hold - elapsed);
      Thread.sleep(step * 1000L);
      elapsed += step;
      long held = listeners.stream().filter(l -> l.welcome && !l.ended).count();
      System.out.printf("  +%3d s  held %d, %s, load %s%n", elapsed, held, snapshot(false), loadAvg());
    }
    System.out.printf("held idle for %.0f s%n", (System.nanoTime() - holdStart) / 1e9);

    // 4. The figures.
    Snapshot after = snapshot(true);
    long held = listeners.stream().filter(l -> l.welcome && !l.ended).count();
    System.out.println();
    System.out.println("gateway with the sockets (after a full GC): " + after);
    System.out.printf("sockets held at the end: %d of %d (welcomed %d); frames after the welcome: %d%n",
        held, targets.size(), welcomed.sum(), framesAfterWelcome.sum());
    System.out.printf("heap live after full GC: %d MB → %d MB (+%d MB, %.1f KB per socket); RSS %.1f MB → %.1f MB (+%.1f KB per socket)%n",
        before.liveAfterFullGcMb, after.liveAfterFullGcMb, after.liveAfterFullGcMb - before.liveAfterFullGcMb,
        (after.liveAfterFullGcMb - before.liveAfterFullGcMb) * 1024.0 / Math.max(1, held),
        before.rssKb / 1024.0, after.rssKb / 1024.0, (after.rssKb - before.rssKb) / (double) Math.max(1, held));
    System.out.println("closes: " + (closes.isEmpty() ? "none" : summary(closes)));
    System.out.println("errors: " + (errors.isEmpty() ? "none" : summary(errors)));
    String dead = system.deadProcesses();
    System.out.println("dead processes: " + (dead == null ? "none" : dead));

    for (WebSocket ws : open) ws.abort();
  }

  private static String summary(Map<String, LongAdder> counts) {
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append("\n    ").append(v.sum()).append(" × ").append(k));
    return b.toString();
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null) t = t.getCause();
    return t.toString();
  }

  /** One session: the facilitator creates it and an invite, {@code perSession - 1} others join. */
  private List<String[]> session(int n, int perSession) throws Exception {
    JsonNode created = post("/api/sessions", login("s" + n + "p0"), "{\"name\":\"capacity " + n + "\"}", 201);
    String session = created.path("session").path("id").asString();
    String facilitator = created.path("token").asString();
    List<String[]> out = new ArrayList<>(List.<String[]>of(new String[] {session, facilitator}));
    if (perSession > 1) {
      String invite = post("/api/sessions/" + session + "/invites", facilitator, "{\"role\":\"editor\"}", 201)
          .path("token").asString();
      for (int i = 1; i < perSession; i++) {
        String token = post("/api/sessions/" + session + "/join", login("s" + n + "p" + i),
            "{\"invite\":\"" + invite + "\"}", 200).path("token").asString();
        out.add(new String[] {session, token});
      }
    }
    return out;
  }

  /** Gateway memory: heap from {@code jcmd GC.heap_info} (after {@code GC.run} if asked), RSS and threads from /proc. */
  private record Snapshot(long liveAfterFullGcMb, long heapUsedKb, long heapCommittedKb, long rssKb, long threads) {
    @Override
    public String toString() {
      return (liveAfterFullGcMb >= 0 ? "heap live after full GC " + liveAfterFullGcMb + " MB (GC log), " : "")
          + String.format("heap in use %.1f MB (committed %.1f MB), RSS %.1f MB, %d threads",
              heapUsedKb / 1024.0, heapCommittedKb / 1024.0, rssKb / 1024.0, threads);
    }
  }

  private Snapshot snapshot(boolean fullGc) throws IOException, InterruptedException {
    long live = -1;
    if (fullGc) {
      // GC.heap_info a moment later already counts new allocation (the idle gateway allocates
      // some MB/s): the full GC's own "before->after(committed)" line in the GC log is exact.
      jcmd("GC.run");
      String line = null;
      for (String l : Files.readAllLines(gcLog)) if (FULL_GC.matcher(l).find()) line = l;
      if (line == null) throw new IllegalStateException("no full GC in " + gcLog);
      Matcher full = FULL_GC.matcher(line);
      full.find();
      live = Long.parseLong(full.group(2));
      System.out.println("  gateway GC log: " + line.strip());
    }
    String heap = jcmd("GC.heap_info");
    Matcher m = HEAP_LINE.matcher(heap);
    if (!m.find()) throw new IllegalStateException("unexpected GC.heap_info output:\n" + heap);
    long committed = Long.parseLong(m.group(1));
    long used = Long.parseLong(m.group(2));
    long rss = -1;
    long threads = -1;
    for (String line : Files.readAllLines(Path.of("/proc/" + gatewayPid + "/status"))) {
      if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
      if (line.startsWith("Threads:")) threads = Long.parseLong(line.replaceAll("\\D", ""));
    }
    if (fullGc) System.out.print("  jcmd " + gatewayPid + " GC.heap_info (after GC.run):\n" + heap.indent(4));
    return new Snapshot(live, used, committed, rss, threads);
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(JCMD.toString(), Long.toString(gatewayPid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("jcmd " + command + ": " + out);
    return out;
  }

  private static String loadAvg() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  private String login(String name) throws Exception {
    return post("/api/auth/token", null, "{\"name\":\"" + name + "\"}", 200).path("token").asString();
  }

  private JsonNode post(String path, @Nullable String token, String json, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(system.http.resolve(path))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = rest.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
