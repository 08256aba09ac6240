package org.personacollab.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.generation.ChunkScript;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationStarted;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generation chunk fan-out (DESIGN.md §10: to 50 participants in one session, added latency p99 ≤
 * 5 ms). Starts the system as {@code persona up} does ({@link SystemUnderTest}), puts
 * {@code participants} signed-in participants with a socket each into one session, then plays
 * generation-service's publish path: per chunk, generation-service's own {@link ChunkScript}, which
 * appends the chunk to the generation's chunk list in Redis and publishes its {@code generation_chunk}
 * frame on the session channel in one step. The chunk's content
 * carries {@link System#nanoTime()} taken just before the append; each socket records the time
 * from there to the moment its client has the frame, into one HdrHistogram (same JVM, same clock).
 * So the latency is: store + publish + Redis fan-out + gateway (decode, order, encode) + WebSocket
 * write + client read. It also checks that every socket got every index once, in order.
 *
 * <pre>
 * java -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
 *   org.personacollab.bench.ChunkFanoutBench [participants=50] [chunksPerSecond=50] [warmupSeconds=10] [seconds=40]
 * </pre>
 */
public final class ChunkFanoutBench {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final WireCodec CODEC = new WireCodec();
  private static final String GENERATION = "gen-bench0000000001";
  private static final int CHUNK_SIZE = 50;

  /**
   * The 50 participants' sockets. With -Dbench.direct-delivery=true the client's selector thread
   * calls the listeners itself instead of handing each frame to a pool thread: in a real workshop
   * every participant is on a machine of their own, so the less the 50 clients in this one JVM
   * cost on the shared 2 cores, the closer the figure is to the system's own latency.
   */
  private final HttpClient http = Boolean.getBoolean("bench.direct-delivery")
      ? HttpClient.newBuilder().executor(Runnable::run).build()
      : HttpClient.newHttpClient();
  private final SystemUnderTest system;

  private ChunkFanoutBench(SystemUnderTest system) {
    this.system = system;
  }

  public static void main(String[] args) throws Exception {
    int participants = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    Path repo = Path.of("").toAbsolutePath();
    Path data = Files.createTempDirectory("persona-chunk-bench");
    String prefix = "bench-chunks-" + System.currentTimeMillis() + ":";
    System.out.println("load avg before: " + Files.readString(Path.of("/proc/loadavg")).strip());
    // -Dbench.gc-logs=true writes each service's GC log next to its log (the data directory);
    // -Dbench.gateway-jvm="-XX:+UseSerialGC ..." appends options to the gateway's persona up ones.
    boolean gcLogs = Boolean.getBoolean("bench.gc-logs");
    String gatewayJvm = System.getProperty("bench.gateway-jvm", "").strip();
    Map<String, List<String>> extra = gatewayJvm.isEmpty() ? Map.of() : Map.of("gateway-service", List.of(gatewayJvm.split("\\s+")));
    System.out.println("data and logs: " + data + (extra.isEmpty() ? "" : "; gateway JVM options added: " + gatewayJvm));
    try (SystemUnderTest system = SystemUnderTest.start(repo, data, prefix, gcLogs, extra, System.out)) {
      new ChunkFanoutBench(system).run(prefix, participants, perSecond, warmup, seconds);
    }
    System.out.println("load avg after: " + Files.readString(Path.of("/proc/loadavg")).strip());
  }

  /** One participant's socket: records chunk latency and checks the index order. */
  private static final class Socket implements WebSocket.Listener {
    final Recorder recorder;
    final CountDownLatch welcomed = new CountDownLatch(1);
    final CountDownLatch completed = new CountDownLatch(1);
    final AtomicLong next = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    volatile boolean measuring;
    private final StringBuilder partial = new StringBuilder();

    Socket(Recorder recorder) {
      this.recorder = recorder;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (text.startsWith("{\"type\":\"generation_chunk\"")) {
          // Read the two fields by position rather than through a JSON tree: the 50 sockets share
          // one selector thread here, so each frame's cost delays every socket after it.
          if (measuring) recorder.recordValue(Math.max(0, (now - field(text, "t=", ';')) / 1000)); // µs
          if (field(text, "\"index\":", ',') != next.getAndIncrement()) outOfOrder.incrementAndGet();
        } else if (text.startsWith("{\"type\":\"welcome\"")) {
          welcomed.countDown();
        } else if (text.startsWith("{\"type\":\"generation_complete\"")) {
          completed.countDown();
        }
      }
      ws.request(1);
      return null;
    }
  }

  /** The number right after {@code key} in a chunk frame, up to {@code end}. */
  static long field(String frame, String key, char end) {
    int from = frame.indexOf(key) + key.length();
    int to = frame.indexOf(end, from);
    if (from < key.length() || to < 0) to = frame.indexOf('}', from);
    return Long.parseLong(frame, from, to, 10);
  }

  private void run(String prefix, int participants, int perSecond, int warmup, int seconds) throws Exception {
    // One session, everyone in it.
    JsonNode created = post("/api/sessions", login("p0"), "{\"name\":\"chunk fan-out\"}", 201);
    String session = created.path("session").path("id").asString();
    String facilitator = created.path("token").asString();
    String invite = post("/api/sessions/" + session + "/invites", facilitator, "{\"role\":\"editor\"}", 201).path("token").asString();
    Recorder recorder = new Recorder(3);
    List<Socket> sockets = new ArrayList<>();
    List<WebSocket> open = new ArrayList<>();
    for (int i = 0; i < participants; i++) {
      String token = i == 0 ? facilitator
          : post("/api/sessions/" + session + "/join", login("p" + i), "{\"invite\":\"" + invite + "\"}", 200).path("token").asString();
      Socket socket = new Socket(recorder);
      open.add(http.newWebSocketBuilder()
          .header("Authorization", "Bearer " + token)
          .buildAsync(system.ws.resolve("/ws/sessions/" + session), socket)
          .get(30, TimeUnit.SECONDS));
      sockets.add(socket);
    }
    for (Socket s : sockets) {
      if (!s.welcomed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no welcome");
    }
    Thread.sleep(500);

    RedisClient client = RedisClient.create("redis://localhost:6379");
    // A subscriber of our own on the session channel, beside the gateway's: the store-and-publish
    // script → a Lettuce subscriber leg alone, so the gateway's share can be told from Redis's.
    Recorder redisLeg = new Recorder(3);
    AtomicLong probing = new AtomicLong();
    try (StatefulRedisConnection<String, String> connection = client.connect();
        StatefulRedisPubSubConnection<String, String> probe = client.connectPubSub()) {
      probe.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          long now = System.nanoTime();
          if (probing.get() == 0 || !message.startsWith("{\"type\":\"generation_chunk\"")) return;
          int at = message.indexOf("t=");
          long sent = Long.parseLong(message, at + 2, message.indexOf(';', at), 10);
          redisLeg.recordValue(Math.max(0, (now - sent) / 1000));
        }
      });
      RedisCommands<String, String> redis = connection.sync();
      String state = prefix + "generation:" + session + ":state";
      String chunks = prefix + "generation:" + session + ":chunks";
      String channel = prefix + "session:" + session + ":events";
      redis.del(state, chunks);
      probe.sync().subscribe(channel);
      String script = redis.scriptLoad(ChunkScript.LUA);
      redis.hset(state, Map.of("id", GENERATION, "status", "running", "provider", "bench", "started_by", "p0",
          "started_at", Long.toString(System.currentTimeMillis())));
      redis.publish(channel, CODEC.write(new GenerationStarted(GENERATION, "p0", "bench", System.currentTimeMillis())));

      long total = (long) perSecond * (warmup + seconds);
      long measuredFrom = (long) perSecond * warmup;
      long period = 1_000_000_000L / perSecond;
      long start = System.nanoTime();
      Histogram publish = new Histogram(3);
      for (long i = 0; i < total; i++) {
        Pacing.sleepUntil(start + i * period);
        if (i == measuredFrom) {
          recorder.getIntervalHistogram(); // drop the warm-up
          redisLeg.getIntervalHistogram();
          probing.set(1);
          for (Socket s : sockets) s.measuring = true;
        }
        long t = System.nanoTime();
        String content = pad("t=" + t + ";");
        ChunkScript.Cut frame = ChunkScript.cut(CODEC.write(new GenerationChunk(GENERATION, ChunkScript.INDEX_MARK, content)));
        Long index = redis.evalsha(script, ScriptOutputType.INTEGER, new String[] {state, chunks, channel},
            GENERATION, content, "600000", frame.before(), frame.after());
        if (index == null || index != i) throw new IllegalStateException("the chunk script stored chunk " + i + " as " + index);
        if (i >= measuredFrom) publish.recordValue((System.nanoTime() - t) / 1000);
      }
      redis.hset(state, "status", "completed");
      redis.publish(channel, CODEC.write(new GenerationComplete(GENERATION, JSON.createObjectNode(), total)));
      for (Socket s : sockets) {
        if (!s.completed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no generation_complete");
      }
      Histogram h = recorder.getIntervalHistogram();
      long expected = (total - measuredFrom) * participants;
      long outOfOrder = sockets.stream().mapToLong(s -> s.outOfOrder.get()).sum();
      long missing = sockets.stream().mapToLong(s -> total - s.next.get()).sum();
      System.out.printf("%nchunk fan-out: %d participants, %d chunks/s, %d s warm-up + %d s measured (%d chunks of %d characters)%n",
          participants, perSecond, warmup, seconds, total - measuredFrom, CHUNK_SIZE);
      System.out.printf("frames measured: %d of %d expected; out of order: %d; missing: %d%n", h.getTotalCount(), expected,
          outOfOrder, missing);
      System.out.printf("latency µs (store-and-publish script → frame at client): p50 %d, p90 %d, p99 %d, p99.9 %d, max %d%n",
          h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
          h.getMaxValue());
      System.out.printf("of which the publisher's own script round trip: p50 %d, p99 %d µs%n",
          publish.getValueAtPercentile(50), publish.getValueAtPercentile(99));
      Histogram leg = redisLeg.getIntervalHistogram();
      System.out.printf("script → a plain Lettuce subscriber in this JVM (Redis's leg without the gateway, %d chunks): p50 %d, p90 %d, p99 %d, p99.9 %d µs%n",
          leg.getTotalCount(), leg.getValueAtPercentile(50), leg.getValueAtPercentile(90), leg.getValueAtPercentile(99),
          leg.getValueAtPercentile(99.9));
      Path out = Path.of("bench/e2e/target/chunk-fanout-" + System.currentTimeMillis() + ".hgrm");
      Files.createDirectories(out.getParent());
      try (var stream = new java.io.PrintStream(Files.newOutputStream(out))) {
        h.outputPercentileDistribution(stream, 1000.0); // in ms
      }
      System.out.println("histogram (ms): " + out);
      redis.del(state, chunks);
    } finally {
      for (WebSocket ws : open) ws.abort();
      client.shutdown();
    }
  }

  private static String pad(String s) {
    StringBuilder b = new StringBuilder(CHUNK_SIZE).append(s);
    while (b.length() < CHUNK_SIZE) b.append('x');
    return b.toString();
  }

  private String login(String name) throws Exception {
    return post("/api/auth/token", null, "{\"name\":\"" + name + "\"}", 200).path("token").asString();
  }

  private JsonNode post(String path, @Nullable String token, String json, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(system.http.resolve(path))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
