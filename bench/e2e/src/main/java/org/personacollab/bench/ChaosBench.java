package org.personacollab.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.up.ServiceProcess;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.Op;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.Generate;
import org.personacollab.protocol.frame.GenerationCancelled;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.ServerFrame;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chaos run of issue 10: for each fault, a fresh load of {@code clients} Java clients
 * ({@link PersonaClient}, real WebSockets, half on each of two gateways) in {@code sessions}
 * sessions, {@code ratePerClient} changes per second each for {@code duration} seconds, and the
 * fault injected at {@code faultAt} seconds into the load on the {@link ChaosTopology}:
 *
 * <ul>
 *   <li>{@code sync-kill}: SIGKILL of the sync-service instance owning the most sessions, started again at once;
 *   <li>{@code gateway-kill}: SIGKILL of gateway-service-2 (half the clients), started again at once;
 *   <li>{@code generation-kill}: SIGKILL of generation-service while a generation streams (another
 *       session), started again; the generation must end (complete or {@code generation_failed})
 *       and a new one must start and complete afterwards;
 *   <li>{@code redis-restart}, {@code kafka-restart}: stop (SIGTERM) and start again on the same
 *       port and data directory;
 *   <li>{@code sync-sigstop}: SIGSTOP of the sync-service instance owning the most sessions for
 *       {@code pause} seconds (more than its 6 s consumer session timeout), then SIGCONT.
 * </ul>
 *
 * <p>Every change inserts a token unique in the run: {@code c<client>-<n>} as an item at a random
 * index of the session's {@code chaos} list, or {@code [c<client>-<n>]} at a token boundary of its
 * {@code notes} string (so concurrent inserts are transformed but never split a token). Each
 * client records when each change was submitted and when its {@code submit} Mono completed
 * (acknowledged) or failed. After the load: every client must become synced, then send one more
 * change that must be acknowledged within 30 s (else the client is "stuck"); a fresh client per
 * session reads the server's document; every client's document must equal it at the same
 * version; every acknowledged token must be in it exactly once (lost: 0 times, doubled: more),
 * no token more than once at all.
 *
 * <p>Recovery: first ack = fault → the first acknowledgement of a change submitted after the
 * fault; all resumed = fault → the moment every client has had a change submitted after the
 * fault acknowledged; worst stall = the longest time any session went without an
 * acknowledgement, from 1 s before the fault to the end of the load.
 *
 * <pre>
 * java -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" org.personacollab.bench.ChaosBench \
 *   [--faults sync-kill,gateway-kill,generation-kill,redis-restart,kafka-restart,sync-sigstop] [--clients 50] [--sessions 5]
 *   [--duration 60] [--fault-at 20] [--rate 2] [--pause 15] [--chunk-delay 150ms] [--jars-from checkout] [--results-dir dir]
 * </pre>
 */
public final class ChaosBench {
  static final List<String> FAULTS =
      List.of("sync-kill", "gateway-kill", "generation-kill", "redis-restart", "kafka-restart", "sync-sigstop");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TEXT_TOKEN = Pattern.compile("\\[(c\\d+-\\d+)]");
  private static final int MAX_CHANGES = 20_000;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ChaosTopology system;
  private final StringBuilder report = new StringBuilder();
  private final Map<String, String> options;

  private ChaosBench(ChaosTopology system, Map<String, String> options) {
    this.system = system;
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put("faults", String.join(",", FAULTS));
    o.put("clients", "50");
    o.put("sessions", "5");
    o.put("duration", "60");
    o.put("fault-at", "20");
    o.put("rate", "2");
    o.put("pause", "15");
    o.put("chunk-delay", "150ms");
    o.put("results-dir", "bench/e2e/results");
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[i]);
      o.put(args[i].substring(2), args[i + 1]);
    }
    Path repo = Path.of("").toAbsolutePath();
    // The service jars: this checkout's target/ folders, or another checkout's (--jars-from).
    Path jarsFrom = o.containsKey("jars-from") ? Path.of(o.get("jars-from")).toAbsolutePath() : repo;
    Path data = Files.createTempDirectory("persona-chaos");
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path results = Files.createDirectories(repo.resolve(o.get("results-dir")).resolve(stamp + "-chaos"));
    System.out.println("data and logs: " + data + "; results: " + results);
    String yaml = "  generation:\n    chunk-delay: " + o.get("chunk-delay") + "\n";
    boolean ok;
    ChaosBench bench;
    try (ChaosTopology system = ChaosTopology.start(jarsFrom, data, yaml, System.out)) {
      bench = new ChaosBench(system, o);
      ok = bench.runAll();
    } finally {
      try (var logs = Files.list(data.resolve("logs"))) {
        for (Path log : logs.toList()) Files.copy(log, results.resolve(log.getFileName()));
      } catch (IOException e) {
        System.out.println("could not copy the logs: " + e);
      }
    }
    Files.writeString(results.resolve("summary.md"), bench.report.toString());
    System.out.println("results: " + results);
    System.exit(ok ? 0 : 1);
  }

  private int opt(String name) {
    return Integer.parseInt(options.get(name));
  }

  private void line(String s) {
    System.out.println(s);
    report.append(s).append('\n');
  }

  // ---------------------------------------------------------------------------------------------

  /** One participant: its client and, per change number, submit and outcome times. */
  private static final class Member {
    final int index; // global, unique in the run
    final int session;
    final int gateway;
    final PersonaClient client;
    final Random random;
    final AtomicLongArray submittedAt = new AtomicLongArray(MAX_CHANGES);
    final AtomicLongArray ackedAt = new AtomicLongArray(MAX_CHANGES);
    final AtomicReferenceArray<String> failure = new AtomicReferenceArray<>(MAX_CHANGES);
    volatile int changes; // written by the generator (and the final change), read after

    Member(int index, int session, int gateway, PersonaClient client) {
      this.index = index;
      this.session = session;
      this.gateway = gateway;
      this.client = client;
      this.random = new Random(index * 7919L + 17);
    }

    String token(int n) {
      return "c" + index + "-" + n;
    }

    /** Makes change n: a list insert (70 %) or a text insert at a token boundary; never blocks. */
    void change() {
      int n = changes++;
      boolean list = random.nextInt(10) < 7;
      int pick = random.nextInt(Integer.MAX_VALUE);
      String token = token(n);
      submittedAt.set(n, System.nanoTime());
      try {
        client.submitWith(doc -> op(doc, list, pick, token)).subscribe(
            v -> { },
            e -> failure.compareAndSet(n, null, e.getClass().getSimpleName()),
            () -> ackedAt.compareAndSet(n, 0, System.nanoTime()));
      } catch (RuntimeException e) {
        failure.compareAndSet(n, null, e.getClass().getSimpleName());
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Op op(@Nullable Object doc, boolean list, int pick, String token) {
    Map<String, Object> d = (Map<String, Object>) Objects.requireNonNull(doc);
    if (list) {
      int size = ((List<Object>) d.get("chaos")).size();
      return Op.parse("[{\"p\":[\"chaos\"," + (pick % (size + 1)) + "],\"li\":\"" + token + "\"}]");
    }
    String notes = (String) d.get("notes");
    int boundaries = 1;
    for (int i = 0; i < notes.length(); i++) if (notes.charAt(i) == ']') boundaries++;
    int k = pick % boundaries;
    int at = 0;
    for (int i = 0; i < notes.length() && k > 0; i++) {
      if (notes.charAt(i) == ']') {
        k--;
        at = i + 1;
      }
    }
    return Op.parse("[{\"p\":[\"notes\"," + at + "],\"si\":\"[" + token + "]\"}]");
  }

  /** Every token in a document: list items of {@code chaos} and {@code [..]} in {@code notes}, with counts. */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> tokens(Object doc) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Object> d = (Map<String, Object>) doc;
    for (Object item : (List<Object>) d.get("chaos")) counts.merge((String) item, 1, Integer::sum);
    Matcher m = TEXT_TOKEN.matcher((String) d.get("notes"));
    while (m.find()) counts.merge(m.group(1), 1, Integer::sum);
    return counts;
  }

  /** What one run found. */
  private record Outcome(
      String fault, String detail, double backAfter, double firstAck, double allResumed, double worstStall, int submitted,
      int acked, int failed, int lost, int doubled, int converged, int clients, int stuck, String failures) {
    boolean ok() {
      return lost == 0 && doubled == 0 && converged == clients && stuck == 0 && !Double.isNaN(allResumed);
    }
  }

  private boolean runAll() throws Exception {
    line("date: " + Instant.now() + "; load avg before: " + Files.readString(Path.of("/proc/loadavg")).strip());
    List<Outcome> outcomes = new ArrayList<>();
    List<String> generation = new ArrayList<>();
    for (String fault : options.get("faults").split(",")) {
      if (!FAULTS.contains(fault)) throw new IllegalArgumentException("unknown fault " + fault + "; known: " + FAULTS);
      line("");
      line("== " + fault + " (load avg " + Files.readString(Path.of("/proc/loadavg")).strip() + ")");
      try {
        Outcome o = run(fault, generation);
        outcomes.add(o);
        line(describe(o));
      } catch (Exception | Error e) {
        e.printStackTrace(System.out);
        line(fault + ": the run itself failed: " + e);
        outcomes.add(new Outcome(fault, "run failed: " + e.toString().replace('|', '/'), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            0, 0, 0, 0, 0, 0, 1, 0, "-"));
      }
    }
    line("");
    line("| Fault | What happened | Process back after s | First ack after the fault s | All clients resumed s | Worst session stall s | Changes | Acked | Failed (unknown outcome) | Lost | Doubled | Converged | Stuck | Result |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    boolean ok = true;
    for (Outcome o : outcomes) {
      ok &= o.ok();
      line(String.format("| %s | %s | %s | %s | %s | %s | %,d | %,d | %d | %d | %d | %d/%d | %d | %s |", o.fault, o.detail, s(o.backAfter),
          s(o.firstAck), s(o.allResumed), s(o.worstStall), o.submitted, o.acked, o.failed, o.lost, o.doubled, o.converged, o.clients,
          o.stuck, o.ok() ? "OK" : "FAILED"));
    }
    for (String g : generation) {
      line("");
      line(g);
      if (g.contains("FAILED")) ok = false;
    }
    line("");
    line("load avg after: " + Files.readString(Path.of("/proc/loadavg")).strip());
    return ok;
  }

  private static String s(double seconds) {
    return Double.isNaN(seconds) ? "–" : String.format("%.2f", seconds);
  }

  private static String describe(Outcome o) {
    return String.format(
        "%s: %s; back after %s s; first ack %s s; all resumed %s s; worst stall %s s; %d changes, %d acked, %d failed (%s), lost %d, "
            + "doubled %d, converged %d/%d, stuck %d → %s",
        o.fault, o.detail, s(o.backAfter), s(o.firstAck), s(o.allResumed), s(o.worstStall), o.submitted, o.acked, o.failed, o.failures,
        o.lost, o.doubled, o.converged, o.clients, o.stuck, o.ok() ? "OK" : "FAILED");
  }

  private Outcome run(String fault, List<String> generationReport) throws Exception {
    int clients = opt("clients");
    int sessions = opt("sessions");
    List<Member> members = new ArrayList<>();
    List<String> sessionIds = new ArrayList<>();
    List<String> facilitatorTokens = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int s = 0; s < sessions; s++) {
      JsonNode created = post("/api/sessions", login("chaos-" + fault + "-s" + s + "p0"), "{\"name\":\"chaos " + fault + " " + s + "\"}", 201);
      String id = created.path("session").path("id").asString();
      String facilitator = created.path("token").asString();
      sessionIds.add(id);
      facilitatorTokens.add(facilitator);
      String invite = post("/api/sessions/" + id + "/invites", facilitator, "{\"role\":\"editor\"}", 201).path("token").asString();
      for (int i = s; i < clients; i += sessions) {
        String token = i == s ? facilitator
            : post("/api/sessions/" + id + "/join", login("chaos-" + fault + "-c" + i), "{\"invite\":\"" + invite + "\"}", 200)
                .path("token").asString();
        int gateway = (i / sessions) % 2;
        PersonaClient c = PersonaClient.builder(system.ws(gateway), id).name("c" + i)
            .headers(Map.of("Authorization", "Bearer " + token)).build();
        c.connect();
        members.add(new Member(i, s, gateway, c));
      }
    }
    for (Member m : members) m.client.connect().block(Duration.ofSeconds(60));
    Map<Integer, Member> first = new LinkedHashMap<>();
    for (Member m : members) first.putIfAbsent(m.session, m);
    for (Member m : first.values()) {
      m.client.set(List.of(), Map.of("chaos", List.of(), "notes", "")).block(Duration.ofSeconds(30));
    }
    for (Member m : members) {
      long target = first.get(m.session).client.version();
      awaitTrue(() -> m.client.version() >= target, Duration.ofSeconds(30), "c" + m.index + " never got the starting document");
    }
    System.out.printf("  %d clients in %d sessions ready (%.1f s)%n", members.size(), sessions, (System.nanoTime() - t0) / 1e9);

    // The generator: evenly spaced changes, round robin over the clients.
    long period = TimeUnit.SECONDS.toNanos(1) / ((long) opt("rate") * clients);
    AtomicBoolean running = new AtomicBoolean(true);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    Thread generator = new Thread(() -> {
      for (long i = 0; running.get(); i++) {
        long due = start + i * period;
        try {
          Pacing.sleepUntil(due);
        } catch (InterruptedException e) {
          return;
        }
        Member m = members.get((int) (i % members.size()));
        if (m.changes < MAX_CHANGES - 10) m.change();
      }
    }, "chaos-generator");
    generator.start();

    // The fault.
    long faultAt = start + TimeUnit.SECONDS.toNanos(opt("fault-at"));
    GenerationWatch gen = null;
    if (fault.equals("generation-kill")) {
      gen = new GenerationWatch(sessionIds.get(0), facilitatorTokens.get(0));
      sleepUntil(faultAt - TimeUnit.SECONDS.toNanos(3));
      gen.startGeneration();
    }
    sleepUntil(faultAt);
    String detail;
    double back = Double.NaN;
    long fault0 = System.nanoTime();
    switch (fault) {
      case "sync-kill" -> {
        String victim = busiestSync();
        ServiceProcess p = system.service(victim);
        double owned = sessionsOn(p);
        fault0 = System.nanoTime();
        ChaosTopology.kill9(p, p.pid());
        system.restart(victim);
        back = (System.nanoTime() - fault0) / 1e9;
        detail = "SIGKILL " + victim + " (the instance holding most sessions: " + (int) owned + ", counting earlier faults' sessions), restarted";
      }
      case "gateway-kill" -> {
        ServiceProcess p = system.service("gateway-service-2");
        fault0 = System.nanoTime();
        ChaosTopology.kill9(p, p.pid());
        system.restart("gateway-service-2");
        back = (System.nanoTime() - fault0) / 1e9;
        detail = "SIGKILL gateway-service-2 (" + members.stream().filter(m -> m.gateway == 1).count() + " clients), restarted";
      }
      case "generation-kill" -> {
        boolean streaming = gen.awaitChunk(Duration.ofSeconds(60));
        ServiceProcess p = system.service("generation-service");
        fault0 = System.nanoTime();
        int chunksBefore = gen.chunks();
        ChaosTopology.kill9(p, p.pid());
        system.restart("generation-service");
        back = (System.nanoTime() - fault0) / 1e9;
        detail = "SIGKILL generation-service " + (streaming ? "after " + chunksBefore + " chunks" : "(no chunk yet!)") + ", restarted";
      }
      case "redis-restart" -> {
        fault0 = System.nanoTime();
        system.restartRedis();
        back = (System.nanoTime() - fault0) / 1e9;
        detail = "Redis stopped (SIGTERM) and started on the same port and data";
      }
      case "kafka-restart" -> {
        fault0 = System.nanoTime();
        system.restartKafka();
        back = (System.nanoTime() - fault0) / 1e9;
        detail = "broker stopped (SIGTERM) and started on the same log dir";
      }
      case "sync-sigstop" -> {
        String victim = busiestSync();
        ServiceProcess p = system.service(victim);
        double owned = sessionsOn(p);
        fault0 = System.nanoTime();
        ChaosTopology.signal(p.pid(), "STOP");
        Thread.sleep(opt("pause") * 1000L);
        ChaosTopology.signal(p.pid(), "CONT");
        back = (System.nanoTime() - fault0) / 1e9;
        detail = "SIGSTOP " + victim + " (the instance holding most sessions: " + (int) owned + ", counting earlier faults' sessions) for " + opt("pause") + " s, then SIGCONT";
      }
      default -> throw new IllegalArgumentException(fault);
    }
    System.out.println("  fault injected: " + detail + String.format(" (%.1f s)", back));
    long loadEnd = Math.max(start + TimeUnit.SECONDS.toNanos(opt("duration")), System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    sleepUntil(loadEnd);
    running.set(false);
    generator.join();
    long loadStopped = System.nanoTime();
    if (gen != null) generationReport.add(gen.verdict(fault0));

    // Drain, then one more change per client that must be acknowledged: nobody stuck.
    for (Member m : members) {
      try {
        m.client.whenSynced().block(Duration.ofSeconds(Math.max(1, 60 - (System.nanoTime() - loadStopped) / 1_000_000_000L)));
      } catch (RuntimeException e) {
        // counted below through the final change
      }
    }
    for (Member m : members) m.change();
    int stuck = 0;
    long finalDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Member m : members) {
      int n = m.changes - 1;
      while (m.ackedAt.get(n) == 0 && m.failure.get(n) == null && System.nanoTime() < finalDeadline) Thread.sleep(10);
      if (m.ackedAt.get(n) == 0) {
        stuck++;
        System.out.println("  stuck: c" + m.index + " state " + m.client.state() + " failure " + m.failure.get(n));
      }
    }

    // The server's documents, and every client's.
    int converged = 0;
    int lost = 0;
    int doubled = 0;
    int acked = 0;
    int failed = 0;
    int submitted = 0;
    Map<String, Integer> failures = new LinkedHashMap<>();
    for (int s = 0; s < sessions; s++) {
      PersonaClient reader = PersonaClient.builder(system.ws(0), sessionIds.get(s)).name("reader")
          .headers(Map.of("Authorization", "Bearer " + facilitatorTokens.get(s))).build();
      reader.connect().block(Duration.ofSeconds(60));
      Object doc = reader.document();
      long version = reader.version();
      reader.close().block(Duration.ofSeconds(10));
      Map<String, Integer> counts = tokens(doc);
      for (int c : counts.values()) if (c > 1) doubled++;
      for (Member m : members) {
        if (m.session != s) continue;
        boolean same;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(same = m.client.version() == version && Objects.equals(m.client.document(), doc)) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        if (same) converged++;
        else System.out.println("  not converged: c" + m.index + " at version " + m.client.version() + ", server " + version);
        for (int n = 0; n < m.changes; n++) {
          submitted++;
          int count = counts.getOrDefault(m.token(n), 0);
          if (m.ackedAt.get(n) != 0) {
            acked++;
            if (count == 0) lost++;
          } else {
            failed++;
            failures.merge(String.valueOf(m.failure.get(n)), 1, Integer::sum);
          }
        }
      }
    }
    for (Member m : members) m.client.close().block(Duration.ofSeconds(10));

    // Recovery times.
    double firstAck = Double.NaN;
    double allResumed = 0;
    for (Member m : members) {
      long firstOwn = Long.MAX_VALUE;
      for (int n = 0; n < m.changes; n++) {
        long ack = m.ackedAt.get(n);
        if (m.submittedAt.get(n) > fault0 && ack != 0) firstOwn = Math.min(firstOwn, ack);
      }
      if (firstOwn == Long.MAX_VALUE) {
        allResumed = Double.NaN;
        continue;
      }
      double d = (firstOwn - fault0) / 1e9;
      if (Double.isNaN(firstAck) || d < firstAck) firstAck = d;
      if (!Double.isNaN(allResumed)) allResumed = Math.max(allResumed, d);
    }
    double worstStall = 0;
    long from = fault0 - TimeUnit.SECONDS.toNanos(1);
    for (int s = 0; s < sessions; s++) {
      List<Long> acks = new ArrayList<>();
      for (Member m : members) {
        if (m.session != s) continue;
        for (int n = 0; n < m.changes; n++) if (m.ackedAt.get(n) >= from && m.ackedAt.get(n) <= loadStopped) acks.add(m.ackedAt.get(n));
      }
      acks.sort(null);
      long previous = from;
      for (long a : acks) {
        worstStall = Math.max(worstStall, (a - previous) / 1e9);
        previous = a;
      }
      worstStall = Math.max(worstStall, (loadStopped - previous) / 1e9);
    }
    StringBuilder f = new StringBuilder();
    failures.forEach((k, v) -> f.append(f.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
    return new Outcome(fault, detail, back, firstAck, allResumed, worstStall, submitted, acked, failed, lost, doubled, converged,
        members.size(), stuck, f.isEmpty() ? "none" : f.toString());
  }

  /** A client in a session of its own that starts generations and records their events. */
  private final class GenerationWatch {
    final PersonaClient client;
    final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    volatile @Nullable String firstId;
    volatile @Nullable String firstEnd;
    volatile long firstEndAt;
    volatile @Nullable String secondId;
    volatile @Nullable String secondEnd;
    volatile long secondEndAt;
    volatile int chunks;
    /** 1 while the generation to be killed is asked for, 2 for the one afterwards. */
    volatile int phase = 1;
    volatile @Nullable String error;
    final long created;

    GenerationWatch(String ignoredSession, String ignoredToken) throws Exception {
      // A session of its own: a generated persona replaces the whole document.
      JsonNode s = post("/api/sessions", login("chaos-generation"), "{\"name\":\"chaos generation\"}", 201);
      client = PersonaClient.builder(system.ws(0), s.path("session").path("id").asString()).name("generator")
          .headers(Map.of("Authorization", "Bearer " + s.path("token").asString())).build();
      client.frames().subscribe(this::frame);
      client.connect().block(Duration.ofSeconds(60));
      created = System.nanoTime();
    }

    private void frame(ServerFrame f) {
      long now = System.nanoTime();
      if (f instanceof GenerationStarted g) {
        events.add("started " + g.generationId());
        if (phase == 1 && firstId == null) firstId = g.generationId();
        else if (phase == 2 && secondId == null) secondId = g.generationId();
      } else if (f instanceof GenerationChunk c) {
        if (c.generationId().equals(firstId)) chunks++;
      } else if (f instanceof GenerationComplete c) {
        end(c.generationId(), "complete (" + c.chunks() + " chunks)", now);
      } else if (f instanceof GenerationFailed c) {
        end(c.generationId(), "generation_failed " + c.code() + ": " + c.message(), now);
      } else if (f instanceof GenerationCancelled c) {
        end(c.generationId(), "cancelled", now);
      } else if (f instanceof ErrorFrame e) {
        error = e.code() + ": " + e.message();
        events.add("error " + error);
      }
    }

    private void end(String id, String how, long now) {
      events.add(how + " " + id);
      if (id.equals(firstId) && firstEnd == null) {
        firstEnd = how;
        firstEndAt = now;
      } else if (id.equals(secondId) && secondEnd == null) {
        secondEnd = how;
        secondEndAt = now;
      }
    }

    int chunks() {
      return chunks;
    }

    void startGeneration() {
      client.send(new Generate(1, null)).block(Duration.ofSeconds(10));
    }

    /** Asks again (every 10 s at most) while the answer is an error, e.g. {@code unavailable} on a starved machine; then waits for a chunk. */
    boolean awaitChunk(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      long askedAt = System.nanoTime();
      while (firstId == null && System.nanoTime() < deadline) {
        if (error != null || System.nanoTime() - askedAt > TimeUnit.SECONDS.toNanos(10)) {
          error = null;
          askedAt = System.nanoTime();
          startGeneration();
        }
        Thread.sleep(50);
      }
      while (chunks == 0 && firstEnd == null && System.nanoTime() < deadline) Thread.sleep(10);
      return chunks > 0 && firstEnd == null;
    }

    /** After the kill: the first generation must end, then a new one must start and complete. */
    String verdict(long killedAt) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (firstEnd == null && System.nanoTime() < deadline) Thread.sleep(50);
      String firstOutcome = firstId == null
          ? "it never started (" + error + ")"
          : firstEnd == null
          ? "no end frame within 60 s of the restart"
          : String.format("%s %.2f s after the kill", firstEnd, (firstEndAt - killedAt) / 1e9);
      phase = 2;
      error = null;
      long askedAt = System.nanoTime();
      startGeneration();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (secondEnd == null && error == null && System.nanoTime() < deadline) Thread.sleep(50);
      String secondOutcome = secondEnd != null
          ? String.format("%s %.2f s after it was asked for", secondEnd, (secondEndAt - askedAt) / 1e9)
          : error != null ? "refused: " + error : secondId == null ? "no generation_started within 120 s" : "no end within 120 s";
      client.close().block(Duration.ofSeconds(10));
      boolean ok = firstId != null && firstEnd != null && secondEnd != null && secondEnd.startsWith("complete");
      return "Generation during generation-kill: the generation being streamed ended: " + firstOutcome + "; a new generation afterwards: "
          + secondOutcome + " → " + (ok ? "OK" : "FAILED") + " (events: " + String.join(", ", events) + ")";
    }
  }

  // ---------------------------------------------------------------------------------------------

  private String busiestSync() throws Exception {
    double a = sessionsOn(system.service("sync-service"));
    double b = sessionsOn(system.service("sync-service-2"));
    return b > a ? "sync-service-2" : "sync-service";
  }

  private double sessionsOn(ServiceProcess p) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + p.port() + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    for (String l : r.body().split("\n")) {
      if (l.startsWith("persona_sync_sessions ") || l.startsWith("persona_sync_sessions{")) {
        return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private interface Check {
    boolean holds();
  }

  private static void awaitTrue(Check check, Duration timeout, String message) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException(message);
      Thread.sleep(5);
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(Math.min(wait, 50_000_000));
  }

  private String login(String name) throws Exception {
    return post("/api/auth/token", null, "{\"name\":\"" + name + "\"}", 200).path("token").asString();
  }

  private JsonNode post(String path, @Nullable String token, String json, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(system.http().resolve(path))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
