package org.personacollab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.up.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failover of a killed sync-service instance (DESIGN.md §10: processing resumed within 10 s,
 * nothing lost, nothing doubled). Starts the system as {@code persona up} does
 * ({@link SystemUnderTest}) plus a second sync-service instance (same jar and arguments, its own
 * port), so the two share the edits partitions through the consumer group. Three participants of
 * one session each send {@code {"type":"edit","path":"counter_<i>","value":<seq>}} every 60 ms,
 * staggered, so the session gets one edit every 20 ms (one socket alone at 50 frames/s would sit
 * on the gateway's {@code frames-per-second} limit, and a refused edit gets an {@code error}
 * without a number). A slot the generator is more than 20 ms late for is skipped, not caught up in
 * a burst. Each socket records when its own op (the
 * acknowledgement) comes back per {@code seq}.
 *
 * <p>Per round: steady state, then the instance whose {@code persona_sync_sessions} gauge holds
 * the session is killed with SIGKILL. Failover time = kill → the first acknowledgement of an op
 * sequenced after the kill ({@code ts} ≥ the kill's wall-clock time, so the new owner sequenced
 * it). Also the largest gap between consecutive acknowledgements (both sockets) around the kill.
 * Then the killed instance is started again, and the round waits until it has been assigned
 * partitions again (log line {@code Assigned [}) and the session has settled.
 *
 * <p>At the end: every {@code seq} each socket sent was acknowledged exactly once, no nack, the op
 * stream each socket saw had no gap and no duplicate version, and a fresh socket's snapshot has
 * {@code counter_<i>} equal to the last value socket i sent.
 *
 * <pre>
 * java -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
 *   org.personacollab.bench.FailoverBench [kills=3] [steadySeconds=10] [afterKillSeconds=15]
 * </pre>
 */
public final class FailoverBench {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int CLIENTS = 3;
  private static final long PERIOD_NANOS = 20_000_000L; // one edit per 20 ms for the session
  private static final int MAX_SEQ = 200_000;

  private final HttpClient http = HttpClient.newHttpClient();
  private final SystemUnderTest system;
  private final StringBuilder report = new StringBuilder();

  private FailoverBench(SystemUnderTest system) {
    this.system = system;
  }

  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int steady = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int afterKill = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Path repo = Path.of("").toAbsolutePath();
    Path data = Files.createTempDirectory("persona-failover-bench");
    String prefix = "bench-failover-" + System.currentTimeMillis() + ":";
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path results = Files.createDirectories(repo.resolve("bench/e2e/results/" + stamp + "-failover"));
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
    System.out.println("load avg before: " + loadBefore);
    boolean ok;
    FailoverBench bench = null;
    try (SystemUnderTest system = SystemUnderTest.start(repo, data, prefix, false, System.out)) {
      bench = new FailoverBench(system);
      bench.line("date: " + Instant.now() + "; load avg before: " + loadBefore);
      ok = bench.run(kills, steady, afterKill);
      for (Path log : List.of(data.resolve("logs/sync-service.log"), data.resolve("logs/sync-service-2.log"))) {
        if (Files.exists(log)) Files.copy(log, results.resolve(log.getFileName()));
      }
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
    bench.line("load avg after: " + loadAfter);
    Files.writeString(results.resolve("summary.md"), bench.report.toString());
    System.out.println("results: " + results);
    System.exit(ok ? 0 : 1);
  }

  private void line(String s) {
    System.out.println(s);
    report.append(s).append('\n');
  }

  /** One participant's socket. */
  private static final class Client implements WebSocket.Listener {
    final int index;
    final CountDownLatch welcomed = new CountDownLatch(1);
    final AtomicIntegerArray ackCount = new AtomicIntegerArray(MAX_SEQ);
    final AtomicLongArray sentAt = new AtomicLongArray(MAX_SEQ);
    final AtomicLongArray ackAt = new AtomicLongArray(MAX_SEQ);
    /** Epoch ms the sequencer stamped on the op that acknowledged seq. */
    final AtomicLongArray ackTs = new AtomicLongArray(MAX_SEQ);
    final AtomicLong nacks = new AtomicLong();
    final AtomicLong versionGaps = new AtomicLong();
    final AtomicLong duplicateVersions = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    volatile long nextVersion = -1;
    volatile @Nullable String clientId;
    volatile @Nullable JsonNode snapshot;
    int seq; // only the generator thread
    @Nullable WebSocket ws;
    private final StringBuilder partial = new StringBuilder();
    private final AckLog acks;

    Client(int index, AckLog acks) {
      this.index = index;
      this.acks = acks;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        JsonNode frame = JSON.readTree(text);
        switch (frame.path("type").asString()) {
          case "welcome" -> {
            clientId = frame.path("clientId").asString();
            nextVersion = frame.path("version").asLong();
            snapshot = frame.path("snapshot");
            welcomed.countDown();
          }
          case "op" -> {
            long v = frame.path("v").asLong();
            if (v > nextVersion) versionGaps.incrementAndGet();
            if (v < nextVersion) duplicateVersions.incrementAndGet();
            nextVersion = Math.max(nextVersion, v + 1);
            if (frame.path("src").asString("").equals(clientId)) {
              int s = (int) frame.path("seq").asLong();
              if (ackCount.incrementAndGet(s) == 1) {
                ackAt.set(s, now);
                ackTs.set(s, frame.path("ts").asLong());
                acks.add(now, frame.path("ts").asLong());
              }
            }
          }
          case "ack" -> ackCount.incrementAndGet((int) frame.path("seq").asLong()); // a resent change: counts as a second ack
          case "nack" -> nacks.incrementAndGet();
          case "presence", "user_joined", "user_left", "pong" -> { }
          default -> {
            if (unexpected.incrementAndGet() <= 3) System.out.println("socket " + index + " unexpected frame: " + text);
          }
        }
      }
      ws.request(1);
      return null;
    }

    void send() {
      int s = ++seq;
      sentAt.set(s, System.nanoTime());
      ws.sendText("{\"type\":\"edit\",\"path\":\"counter_" + index + "\",\"value\":" + s + "}", true).join();
    }
  }

  /** Every first acknowledgement in arrival order: receive nanoTime and the op's ts (epoch ms). */
  private static final class AckLog {
    private final long[] at = new long[2 * MAX_SEQ];
    private final long[] ts = new long[2 * MAX_SEQ];
    private int size;

    synchronized void add(long nanos, long tsMillis) {
      at[size] = nanos;
      ts[size] = tsMillis;
      size++;
    }

    /** The first ack received after {@code afterNanos} whose op was stamped at or after {@code tsMillis}, or -1. */
    synchronized long firstAfter(long afterNanos, long tsMillis) {
      for (int i = 0; i < size; i++) if (at[i] > afterNanos && ts[i] >= tsMillis) return at[i];
      return -1;
    }

    /** The largest gap between consecutive acks received in [from, to] (nanos), edges included. */
    synchronized long largestGap(long from, long to) {
      long gap = 0;
      long previous = from;
      for (int i = 0; i < size; i++) {
        if (at[i] < from) continue;
        if (at[i] > to) break;
        gap = Math.max(gap, at[i] - previous);
        previous = at[i];
      }
      return Math.max(gap, to - previous);
    }
  }

  private boolean run(int kills, int steady, int afterKill) throws Exception {
    ServiceProcess[] sync = new ServiceProcess[2];
    sync[0] = system.service("sync-service");
    long t0 = System.nanoTime();
    sync[1] = system.startAnotherInstance("sync-service", "sync-service-2");
    System.out.printf("  %-18s ready on http://localhost:%d (%.1f s)%n", sync[1].name(), sync[1].port(), (System.nanoTime() - t0) / 1e9);
    awaitAssigned(sync[1], 0, Duration.ofSeconds(60));
    Thread.sleep(3000); // the first instance's side of the rebalance

    JsonNode created = post("/api/sessions", login("p0"), "{\"name\":\"failover\"}", 201);
    String session = created.path("session").path("id").asString();
    String facilitator = created.path("token").asString();
    String invite = post("/api/sessions/" + session + "/invites", facilitator, "{\"role\":\"editor\"}", 201).path("token").asString();
    AckLog acks = new AckLog();
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String token = i == 0 ? facilitator
          : post("/api/sessions/" + session + "/join", login("p" + i), "{\"invite\":\"" + invite + "\"}", 200).path("token").asString();
      Client c = new Client(i, acks);
      c.ws = open(session, token, c);
      if (!c.welcomed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no welcome");
      clients.add(c);
    }

    // The generator: one edit every 20 ms, alternating sockets, on a fixed schedule.
    AtomicLong lag = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    var running = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread generator = new Thread(() -> {
      long start = System.nanoTime();
      for (long i = 0; running.get(); i++) {
        long due = start + i * PERIOD_NANOS;
        try {
          Pacing.sleepUntil(due);
        } catch (InterruptedException e) {
          return;
        }
        long late = System.nanoTime() - due;
        lag.accumulateAndGet(late, Math::max);
        if (late > PERIOD_NANOS) { // skip missed slots rather than burst (the gateway limits frames per second per socket)
          skipped.incrementAndGet();
          continue;
        }
        clients.get((int) (i % CLIENTS)).send();
      }
    }, "failover-generator");
    generator.start();

    List<String> rows = new ArrayList<>();
    List<Double> failovers = new ArrayList<>();
    try {
      for (int k = 1; k <= kills; k++) {
        Thread.sleep(steady * 1000L);
        int owner = owner(sync);
        ServiceProcess victim = sync[owner];
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        long killEpoch = System.currentTimeMillis();
        long kill = System.nanoTime();
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly(); // SIGKILL
        long deadline = kill + TimeUnit.SECONDS.toNanos(60);
        long resumed;
        while ((resumed = acks.firstAfter(kill, killEpoch)) < 0 && System.nanoTime() < deadline) Thread.sleep(10);
        Thread.sleep(afterKill * 1000L);
        long gapTo = resumed < 0 ? System.nanoTime() : resumed + TimeUnit.SECONDS.toNanos(2);
        long gap = acks.largestGap(kill - TimeUnit.SECONDS.toNanos(2), gapTo);
        double failover = resumed < 0 ? Double.NaN : (resumed - kill) / 1e9;
        failovers.add(failover);

        int assignedBefore = countAssigned(victim);
        long restartAt = System.nanoTime();
        ServiceProcess back = system.restart(victim);
        double ready = (System.nanoTime() - restartAt) / 1e9;
        awaitAssigned(back, assignedBefore, Duration.ofSeconds(60));
        double assigned = (System.nanoTime() - restartAt) / 1e9;
        sync[owner] = back;
        Thread.sleep(3000);
        long rebalanceGap = acks.largestGap(restartAt, System.nanoTime());
        String row = String.format("| %d | %s (pid %d) | %s | %s | %.2f | %.1f / %.1f | %.2f |", k, victim.name(), victim.pid(), load,
            Double.isNaN(failover) ? "not resumed in 60 s" : String.format("%.2f", failover), gap / 1e9, ready, assigned,
            rebalanceGap / 1e9);
        rows.add(row);
        System.out.println("round " + k + ": " + row + " (killed at " + Instant.ofEpochMilli(killEpoch) + ")");
      }
    } finally {
      running.set(false);
      generator.join();
    }

    // Drain: wait until every sent seq was acknowledged (or 60 s).
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < drainDeadline && clients.stream().anyMatch(c -> unacked(c) > 0)) Thread.sleep(100);
    Thread.sleep(2000); // late duplicates would show up here

    // A fresh socket's snapshot: the final document.
    Client reader = new Client(99, new AckLog());
    WebSocket readerWs = open(session, facilitator, reader);
    if (!reader.welcomed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no welcome for the reader");
    JsonNode doc = reader.snapshot;
    readerWs.abort();
    for (Client c : clients) c.ws.abort();

    line("");
    line("## Sync-service failover: " + kills + " kills (SIGKILL of the instance owning the session's partition)");
    line("");
    line("One session, " + CLIENTS + " sockets, one edit per 20 ms in total (each socket every " + 20 * CLIENTS + " ms); two sync-service instances.");
    line("");
    line("| Kill | Killed | Load avg at kill | Failover s (kill → first ack of an op sequenced after it) | Largest ack gap s | Restart: ready / assigned s | Largest ack gap during the rebalance s |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    rows.forEach(this::line);
    line("");
    boolean ok = true;
    for (Client c : clients) {
      int sent = c.seq;
      int missing = 0;
      int doubled = 0;
      for (int s = 1; s <= sent; s++) {
        int n = c.ackCount.get(s);
        if (n == 0) missing++;
        if (n > 1) doubled++;
      }
      int extra = 0;
      for (int s = sent + 1; s < MAX_SEQ; s++) if (c.ackCount.get(s) != 0) extra++;
      long finalValue = doc == null ? -1 : doc.path("counter_" + c.index).asLong(-1);
      boolean clientOk = missing == 0 && doubled == 0 && extra == 0 && c.nacks.get() == 0 && c.versionGaps.get() == 0
          && c.duplicateVersions.get() == 0 && finalValue == sent;
      ok &= clientOk;
      line(String.format(
          "socket %d: sent %d edits; acknowledged exactly once: %d; never: %d; more than once: %d; acks for unsent seqs: %d; nacks: %d; "
              + "op stream version gaps: %d, duplicate versions: %d; unexpected frames: %d; final counter_%d = %d (last sent %d) → %s",
          c.index, sent, sent - missing - doubled, missing, doubled, extra, c.nacks.get(), c.versionGaps.get(), c.duplicateVersions.get(),
          c.unexpected.get(), c.index, finalValue, sent, clientOk ? "OK" : "FAILED"));
    }
    double worst = failovers.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    boolean met = failovers.stream().allMatch(f -> !Double.isNaN(f) && f <= 10.0);
    line(String.format("generator: worst lag behind schedule %.1f ms; slots skipped (more than 20 ms late): %d", lag.get() / 1e6, skipped.get()));
    line(String.format("failover (s): %s; worst %.2f; target ≤ 10 s %s; nothing lost or doubled: %s", failovers, worst,
        met ? "MET" : "NOT MET", ok ? "yes" : "NO"));
    return ok && met;
  }

  private static int unacked(Client c) {
    int n = 0;
    for (int s = 1; s <= c.seq; s++) if (c.ackCount.get(s) == 0) n++;
    return n;
  }

  /** Which of the sync instances holds the session now (its {@code persona_sync_sessions} gauge is above 0). */
  private int owner(ServiceProcess[] sync) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      double a = sessions(sync[0]);
      double b = sessions(sync[1]);
      if (a > 0 && b == 0) return 0;
      if (b > 0 && a == 0) return 1;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot tell the owner: persona_sync_sessions " + a + " and " + b);
      }
      Thread.sleep(200);
    }
  }

  private double sessions(ServiceProcess p) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + p.port() + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    for (String l : r.body().split("\n")) {
      if (l.startsWith("persona_sync_sessions ") || l.startsWith("persona_sync_sessions{")) {
        return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    throw new IllegalStateException(p.name() + " has no persona_sync_sessions gauge");
  }

  private static int countAssigned(ServiceProcess p) throws Exception {
    if (!Files.exists(p.logFile())) return 0;
    int n = 0;
    for (String l : Files.readAllLines(p.logFile())) if (l.contains("Assigned [")) n++;
    return n;
  }

  /** Waits until the instance's log has more "Assigned [" lines than {@code before}. */
  private static void awaitAssigned(ServiceProcess p, int before, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (countAssigned(p) <= before) {
      if (System.nanoTime() > deadline) throw new IllegalStateException(p.name() + " was assigned no partitions within " + timeout);
      Thread.sleep(100);
    }
  }

  private WebSocket open(String session, String token, Client c) throws Exception {
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .buildAsync(system.ws.resolve("/ws/sessions/" + session), c)
        .get(30, TimeUnit.SECONDS);
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
