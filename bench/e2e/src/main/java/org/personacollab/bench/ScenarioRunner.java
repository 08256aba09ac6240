package org.personacollab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one {@link Scenario} against a {@link SystemUnderTest}:
 *
 * <ol>
 *   <li>samples the machine's CPU for 2 s with the system idle (the baseline);
 *   <li>creates {@code sessions} fresh sessions over REST and connects the clients (real
 *       WebSockets through the gateway); the first client of each session lays out the starting
 *       persona and everyone waits until they all have it;
 *   <li>runs the {@link LoadGenerator} for warm-up + duration; CPU, GC and session versions are
 *       read at the start and end of the measured window;
 *   <li>drains: waits until every client is synced and every measured change has been seen by
 *       every receiver (or the drain time is up: what is missing then counts as unobserved);
 *   <li>closes the clients and sums the sessions' numbers.
 * </ol>
 */
final class ScenarioRunner {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SystemUnderTest system;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final @Nullable SessionOpener opener;

  ScenarioRunner(SystemUnderTest system, PrintStream out) {
    this(system, out, null);
  }

  /** With {@code opener} making the sessions and clients (another server: {@link CompareBench}); null: ours, over REST. */
  ScenarioRunner(SystemUnderTest system, PrintStream out, @Nullable SessionOpener opener) {
    this.system = system;
    this.out = out;
    this.opener = opener;
  }

  /** Makes session number {@code s} of a scenario and builds its {@code size} clients (not yet connected). */
  interface SessionOpener {
    /** The session's id and its clients with their names, participant 0 first. */
    Map.Entry<String, Map<String, PersonaClient>> open(Scenario sc, int s, int size) throws IOException, InterruptedException;
  }

  ScenarioResult run(Scenario sc) throws IOException, InterruptedException {
    List<SessionTracker> trackers = new ArrayList<>();
    List<Participant> participants = new ArrayList<>();
    List<List<Participant>> bySession = new ArrayList<>();
    try {
      // What the machine does with the system idle (its own polling, and anything else running).
      CpuSampler.Sample idle0 = CpuSampler.take(withSelf(system.pids));
      Thread.sleep(2000);
      CpuSampler.Usage idle = CpuSampler.between(idle0, CpuSampler.take(withSelf(system.pids)));
      Map<String, Long> logs0 = LogWatch.count(system.serviceLogs);
      setUp(sc, trackers, participants, bySession);
      ScenarioResult r = load(sc, trackers, participants, bySession, idle);
      return r.withLogEvents(LogWatch.delta(logs0, LogWatch.count(system.serviceLogs)));
    } finally {
      for (Participant p : participants) p.stopListening();
      Flux.fromIterable(participants)
          .flatMap(p -> p.client.close().timeout(Duration.ofSeconds(5)).onErrorResume(e -> Mono.empty()), 32)
          .blockLast(Duration.ofSeconds(60));
    }
  }

  private void setUp(Scenario sc, List<SessionTracker> trackers, List<Participant> participants, List<List<Participant>> bySession)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Object start = JsonCodec.parse(Participant.START_DOCUMENT);
    for (int s = 0; s < sc.sessions(); s++) {
      if (opener != null) {
        Map.Entry<String, Map<String, PersonaClient>> opened = opener.open(sc, s, sc.clientsIn(s));
        SessionTracker tracker = new SessionTracker(opened.getKey(), sc.clientsIn(s) - 1, Markers.CAPACITY);
        trackers.add(tracker);
        List<Participant> members = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, PersonaClient> c : opened.getValue().entrySet()) {
          c.getValue().connect();
          members.add(new Participant(c.getValue(), c.getKey(), tracker, sc.mix(), i, sc.seed() * 1_000_003L + s * 101L + i));
          i++;
        }
        bySession.add(members);
        participants.addAll(members);
        continue;
      }
      // Every client is a signed-in participant as in a workshop: participant 0 creates the
      // session (facilitator), the others join with one editor invite.
      Grant facilitator = createSession("bench " + sc.label() + " #" + s, "s" + s + "p0");
      String id = facilitator.sessionId();
      String invite = invite(facilitator);
      int size = sc.clientsIn(s);
      SessionTracker tracker = new SessionTracker(id, size - 1, Markers.CAPACITY);
      trackers.add(tracker);
      List<Participant> members = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String name = "s" + s + "p" + i;
        String token = i == 0 ? facilitator.token() : join(id, name, invite);
        PersonaClient client =
            PersonaClient.builder(system.ws, id).name(name).headers(Map.of("Authorization", "Bearer " + token)).build();
        client.connect(); // acts at once; waited for below
        members.add(new Participant(client, name, tracker, sc.mix(), i, sc.seed() * 1_000_003L + s * 101L + i));
      }
      bySession.add(members);
      participants.addAll(members);
    }
    for (Participant p : participants) p.client.connect().block(Duration.ofSeconds(60));
    for (List<Participant> members : bySession) {
      members.get(0).client.set(List.of(), start).block(Duration.ofSeconds(30));
    }
    for (List<Participant> members : bySession) {
      long target = members.get(0).client.version();
      for (Participant p : members) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.client.version() < target) {
          if (System.nanoTime() > deadline) throw new IllegalStateException(p.name + " never got the starting document");
          Thread.sleep(5);
        }
      }
    }
    for (Participant p : participants) p.listen();
    out.printf("  %d clients connected to %d new sessions (%.1f s)%n", participants.size(), sc.sessions(), (System.nanoTime() - t0) / 1e9);
  }

  private ScenarioResult load(
      Scenario sc, List<SessionTracker> trackers, List<Participant> participants, List<List<Participant>> bySession,
      CpuSampler.Usage idle) throws InterruptedException {
    LoadGenerator generator = new LoadGenerator(participants, sc.rate(), sc.arrivals(), sc.seed());
    long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long measureFrom = begin + sc.warmup().toNanos();
    long end = measureFrom + sc.duration().toNanos();
    Recorder recorder = new Recorder(3);
    for (SessionTracker t : trackers) {
      t.window(measureFrom, end);
      t.timeline(recorder);
    }
    Timeline timeline = new Timeline(recorder, measureFrom);
    generator.start(begin, measureFrom, end);
    timeline.start();

    sleepUntil(measureFrom);
    CpuSampler.Sample cpu0 = CpuSampler.take(withSelf(system.pids));
    Map<String, GcScraper.Pauses> gc0 = GcScraper.scrape(system.prometheus);
    for (int s = 0; s < trackers.size(); s++) trackers.get(s).versionAtWindowStart(bySession.get(s).get(0).client.version());
    out.printf("  warm-up done, measuring for %d s%n", sc.duration().toSeconds());

    sleepUntil(end);
    for (int s = 0; s < trackers.size(); s++) trackers.get(s).versionAtWindowEnd(bySession.get(s).get(0).client.version());
    CpuSampler.Sample cpu1 = CpuSampler.take(withSelf(system.pids));
    Map<String, GcScraper.Pauses> gc1 = GcScraper.scrape(system.prometheus);
    String load = loadAverage();
    generator.stop();
    generator.join();

    // Drain: everyone synced, then every measured change seen by every receiver (or give up).
    long drainStart = System.nanoTime();
    StringBuilder notes = new StringBuilder();
    Flux.fromIterable(participants)
        .flatMap(p -> p.client.whenSynced().timeout(sc.drain()).onErrorResume(e -> Mono.empty()), 64)
        .blockLast(sc.drain().plusSeconds(5));
    long deadline = drainStart + sc.drain().toNanos();
    long outstanding;
    while ((outstanding = outstanding(trackers)) > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    if (outstanding > 0) notes.append(outstanding).append(" observations still missing after the ").append(sc.drain().toSeconds()).append(" s drain; ");
    timeline.stop();
    String dead = system.deadProcesses();
    if (dead != null) notes.append("process(es) died: ").append(dead).append("; ");

    SessionTracker.Totals totals = new SessionTracker.Totals();
    for (SessionTracker t : trackers) t.addTo(totals);
    long[] made = new long[ChangeKind.values().length];
    for (Participant p : participants) {
      long[] m = p.made();
      for (int k = 0; k < m.length; k++) made[k] += m[k];
    }
    long genCpu = generator.cpuNanos();
    return new ScenarioResult(
        sc, totals, generator.lag(), made, genCpu < 0 ? -1 : genCpu / 1e9,
        (end - measureFrom) / 1e9, idle, CpuSampler.between(cpu0, cpu1), GcScraper.delta(gc0, gc1), load, Map.of(),
        timeline.text(), notes.toString());
  }

  /**
   * Fan-out per second of observation time, from the start of the measured window until the
   * drain ends: shows whether latency is steady or comes in bursts (a sequencer restart, a GC).
   */
  static final class Timeline {
    private final Recorder recorder;
    private final long origin;
    private final StringBuilder text = new StringBuilder("# second  samples  p50_ms  p99_ms  max_ms (by time of observation; 0 = start of the measured window)\n");
    private final java.util.concurrent.ScheduledExecutorService ticker =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "bench-timeline");
          t.setDaemon(true);
          return t;
        });
    private @org.jspecify.annotations.Nullable Histogram reuse;
    private int second;

    Timeline(Recorder recorder, long origin) {
      this.recorder = recorder;
      this.origin = origin;
    }

    void start() {
      long delay = Math.max(0, origin - System.nanoTime());
      recorder.reset();
      ticker.scheduleAtFixedRate(this::tick, delay + 1_000_000_000L, 1_000_000_000L, TimeUnit.NANOSECONDS);
      ticker.schedule(recorder::reset, delay, TimeUnit.NANOSECONDS); // drop warm-up samples
    }

    private synchronized void tick() {
      Histogram h = recorder.getIntervalHistogram(reuse);
      reuse = h;
      text.append(String.format(java.util.Locale.ROOT, "%8d %8d %7.1f %7.1f %7.1f%n", second++, h.getTotalCount(),
          h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
    }

    void stop() throws InterruptedException {
      ticker.shutdown();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    }

    synchronized String text() {
      return text.toString();
    }
  }

  private static long outstanding(List<SessionTracker> trackers) {
    long n = 0;
    for (SessionTracker t : trackers) n += t.outstanding();
    return n;
  }

  private static Map<String, Long> withSelf(Map<String, Long> pids) {
    Map<String, Long> all = new java.util.LinkedHashMap<>();
    all.put("load generator", ProcessHandle.current().pid());
    all.putAll(pids);
    return all;
  }

  /** A session token and the session it is for. */
  private record Grant(String sessionId, String token) {}

  private Grant createSession(String name, String facilitator) throws IOException, InterruptedException {
    JsonNode created = post("/api/sessions", login(facilitator), "{\"name\":\"" + name + "\"}", 201);
    return new Grant(created.path("session").path("id").asString(), created.path("token").asString());
  }

  private String invite(Grant facilitator) throws IOException, InterruptedException {
    return post("/api/sessions/" + facilitator.sessionId() + "/invites", facilitator.token(), "{\"role\":\"editor\"}", 201)
        .path("token")
        .asString();
  }

  private String join(String sessionId, String name, String invite) throws IOException, InterruptedException {
    return post("/api/sessions/" + sessionId + "/join", login(name), "{\"invite\":\"" + invite + "\"}", 200).path("token").asString();
  }

  /** A user token from the development login. */
  private String login(String name) throws IOException, InterruptedException {
    return post("/api/auth/token", null, "{\"name\":\"" + name + "\"}", 200).path("token").asString();
  }

  private JsonNode post(String path, @Nullable String token, String json, int expected) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(system.http.resolve(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "n/a";
    }
  }

}
