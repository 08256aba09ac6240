package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.personacollab.ot.JsonCodec;
import org.personacollab.system.Auth.Grant;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invariant 6 under fire (issue 10's fuzzing): at least {@value #DEFAULT_FRAMES} malformed or
 * hostile frames from six attacking participants (editors, so that refusals are about the frames,
 * not the role) while a bystander keeps editing the same session. Each frame must get a typed
 * answer (an {@code error} or a {@code nack} with a known code, or, for the frames a socket cannot
 * survive, a close with the code for it) within a few seconds; none may change the document; the
 * bystander's every change is acknowledged and the services stay up.
 *
 * <p>The kinds of frame (see {@link Kind}): random text, JSON that is not an object, nesting
 * thousands deep, huge strings, every client frame with a field of the wrong type, ops on paths
 * that do not exist, ops on a version the server does not have, forged {@code src} (the
 * bystander's and another session's client id), replayed {@code seq}, another session's
 * generation, binary frames, invalid UTF-8, and frames above the size limit. The seed is printed;
 * {@code -Dpersona.fuzz.seed=…} replays a run and {@code -Dpersona.fuzz.frames=…} changes its size.
 */
@WithInfra
@ExtendWith(SharedSystem.class)
@Order(4) // with the other users of the SharedSystem, before the classes that start their own
class FuzzIntegrationTest {
  static final int DEFAULT_FRAMES = 10_000;
  private static final int FRAMES = Integer.getInteger("persona.fuzz.frames", DEFAULT_FRAMES);
  private static final long SEED = Long.getLong("persona.fuzz.seed", System.nanoTime());
  private static final int ATTACKERS = 6;
  /** Below SharedSystem's 500 frames per second per connection: the answers are about the frames. */
  private static final int FRAMES_PER_SECOND = 300;
  private static final int MAX_FRAME_BYTES = 65536; // persona.gateway.max-frame-bytes' default
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> FRAME_ERRORS = Set.of("invalid_json", "unknown_type", "invalid_frame", "unsupported_protocol");
  private static final Set<String> REFUSALS =
      Set.of("invalid_op", "seq_gap", "stale_seq", "invalid_version", "op_too_old", "forbidden", "document_too_large");
  private static final Map<String, Object> PERSONA =
      Map.of(
          "name", "Ada Park",
          "title", "Research lead",
          "goals", List.of("Ship the study", "Hire two researchers"),
          "demographics", Map.of("age", 34, "city", "Leeds"),
          "quotes", List.of("We never have time to synthesise."));

  private static RunningSystem system;
  private static Auth auth;

  @BeforeAll
  static void start(RunningSystem shared) {
    system = shared;
    auth = new Auth(system);
  }

  /** What a hostile frame is; the answers each kind may get. */
  enum Kind {
    GARBAGE_TEXT,
    NOT_AN_OBJECT,
    DEEP_NESTING,
    HUGE_STRING,
    WRONG_TYPES,
    BAD_PATH_OP,
    BAD_PATH_EDIT,
    FUTURE_VERSION,
    FORGED_SRC,
    FOREIGN_SRC,
    REPLAYED_SEQ,
    FOREIGN_GENERATION,
    BINARY,
    OVERSIZE,
    INVALID_UTF8
  }

  /** One attacker's view of its socket: what the server knows of its numbering. */
  private static final class Attacker {
    final String name;
    final Random random;
    TestSocket socket;
    String clientId;
    /** The highest seq the gateway has seen from this socket (it numbers edits after it). */
    long gatewaySeq;
    /** The last seq the sequencer marked for this client (refused or applied). */
    long syncSeq;
    /** The newest version this socket has seen (others' ops arrive on it): ops are made against it. */
    volatile long version;

    Attacker(String name, long seed) {
      this.name = name;
      this.random = new Random(seed);
    }
  }

  /** The context every generator needs. */
  private record Target(String sessionId, String bystanderClientId, String foreignClientId, String foreignGeneration,
      long version) {}

  private final Map<Kind, LongAdder> sent = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  @Test
  void hostileFrames_eachAnsweredWithATypedError_documentUnchanged_bystanderUnaffected() throws Exception {
    System.out.println("FuzzIntegrationTest: seed " + SEED + ", " + FRAMES + " frames (-Dpersona.fuzz.seed=" + SEED + " replays)");
    Grant alice = auth.create("Fuzzed", "fz-alice");
    String sessionId = alice.sessionId();
    TestSocket aliceSocket = auth.socket(sessionId, "fz-alice");
    String aliceId = aliceSocket.awaitType("welcome", WAIT).path("clientId").asString();
    aliceSocket.sendJson(Map.of("type", "edit", "path", "", "value", PERSONA));
    awaitOwnOp(aliceSocket, aliceId);

    // Another session, whose ids the attackers will try to use.
    Grant olga = auth.create("Elsewhere", "fz-olga");
    TestSocket olgaSocket = auth.socket(olga.sessionId(), "fz-olga");
    String foreignClientId = olgaSocket.awaitType("welcome", WAIT).path("clientId").asString();
    olgaSocket.close();

    TestSocket bob = auth.socket(sessionId, "fz-bob");
    JsonNode bobWelcome = bob.awaitType("welcome", WAIT);
    String bobId = bobWelcome.path("clientId").asString();
    long startVersion = bobWelcome.path("version").asLong();
    String startDocument = JsonCodec.canonical(JsonCodec.parse(bobWelcome.path("snapshot").toString()));
    Target target = new Target(sessionId, bobId, foreignClientId, "gen-" + olga.sessionId() + "-1", startVersion);

    // A frame sent the moment the socket opens, before the welcome arrives, is answered too.
    Grant early = auth.of(sessionId, "fz-early");
    try (RawSocket raw = new RawSocket("localhost", URI.create(system.http()).getPort(), "/ws/sessions/" + sessionId, early.token())) {
      raw.sendFrame(0x1, "{\"type\":\"ping\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(raw.awaitTextOrClose(WAIT)).as("answer to a ping sent before the welcome").asString().contains("\"pong\"");
      raw.sendFrame(0x1, "{\"type\":\"nonsense\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(raw.awaitTextOrClose(WAIT)).as("answer to an unknown type").asString().contains("unknown_type");
    }

    List<Attacker> attackers = new ArrayList<>();
    Random seeds = new Random(SEED);
    for (int i = 0; i < ATTACKERS; i++) {
      Attacker a = new Attacker("fz-mallory-" + i, seeds.nextLong());
      connect(a, sessionId);
      attackers.add(a);
    }

    // The bystander edits all along: every change must come back as its own op.
    AtomicBoolean fuzzing = new AtomicBoolean(true);
    AtomicInteger bystanderChanges = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS + 1);
    Future<?> bystander =
        pool.submit(
            () -> {
              while (fuzzing.get()) {
                int n = bystanderChanges.incrementAndGet();
                bob.sendJson(Map.of("type", "edit", "path", "bystander", "value", n));
                JsonNode op = awaitOwnOp(bob, bobId);
                assertThat(op.path("seq").asLong()).as("bystander's change %d acknowledged in order", n).isEqualTo(n);
                sleep(20);
              }
              return null;
            });
    long started = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < ATTACKERS; i++) {
      Attacker a = attackers.get(i);
      int frames = FRAMES / ATTACKERS + (i < FRAMES % ATTACKERS ? 1 : 0);
      runs.add(pool.submit(() -> {
        attack(a, frames, target);
        return null;
      }));
    }
    for (Future<?> run : runs) run.get();
    double seconds = (System.nanoTime() - started) / 1e9;
    fuzzing.set(false);
    bystander.get();
    pool.shutdown();

    long total = sent.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf("FuzzIntegrationTest: %d frames in %.1f s; by kind %s; answers %s%n", total, seconds, new TreeMap<>(counts(sent)),
        new TreeMap<>(counts(answers)));
    assertThat(failures).as("frames without a typed answer, or with a wrong one (seed %d)", SEED).isEmpty();
    assertThat(total).as("hostile frames sent").isGreaterThanOrEqualTo(FRAMES);
    for (Kind kind : Kind.values()) assertThat(sent.get(kind)).as("frames of kind %s", kind).isNotNull();

    // Nothing an attacker sent was sequenced: every op since the start is the bystander's.
    List<JsonNode> ops = opsSince(alice, sessionId, startVersion);
    assertThat(ops).as("ops since the fuzzing began").hasSize(bystanderChanges.get());
    assertThat(ops).allSatisfy(op -> assertThat(op.path("src").asString()).as("author of op %s", op.path("v")).isEqualTo(bobId));

    // The document is the one before, plus the bystander's field; a newcomer sees exactly that.
    TestSocket checker = auth.socket(sessionId, "fz-checker");
    JsonNode welcome = checker.awaitType("welcome", WAIT);
    assertThat(welcome.path("version").asLong()).isEqualTo(startVersion + bystanderChanges.get());
    ObjectNode snapshot = (ObjectNode) welcome.path("snapshot").deepCopy();
    assertThat(snapshot.path("bystander").asInt()).isEqualTo(bystanderChanges.get());
    snapshot.remove("bystander");
    assertThat(JsonCodec.canonical(JsonCodec.parse(snapshot.toString()))).as("the document apart from the bystander's field")
        .isEqualTo(startDocument);

    // The attackers' sockets are still served (a frame above the limit closed one; it reconnected).
    for (Attacker a : attackers) {
      a.socket.send("{\"type\":\"ping\"}");
      a.socket.awaitType("pong", WAIT);
    }
    for (Attacker a : attackers) a.socket.close();
    for (TestSocket s : List.of(aliceSocket, bob, checker)) s.close();
  }

  private void attack(Attacker a, int frames, Target target) throws Exception {
    long interval = 1_000_000_000L / FRAMES_PER_SECOND;
    long next = System.nanoTime();
    for (int i = 0; i < frames; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) sleep(wait / 1_000_000);
      next = Math.max(next + interval, System.nanoTime() - interval);
      Kind kind = pick(a.random, i);
      sent.computeIfAbsent(kind, k -> new LongAdder()).increment();
      try {
        one(a, kind, target);
      } catch (AssertionError | RuntimeException e) {
        failures.add(a.name + " frame " + i + " (" + kind + "): " + e.getMessage());
        if (failures.size() > 20) throw new AssertionError("too many failures: " + failures);
        if (!a.socket.isOpen()) connect(a, target.sessionId());
      }
    }
  }

  /** Mostly frames a socket survives; one in 500 is above the size limit, one in 500 invalid UTF-8. */
  private static Kind pick(Random random, int i) {
    if (i % 500 == 250) return Kind.OVERSIZE;
    if (i % 500 == 499) return Kind.INVALID_UTF8;
    Kind[] common = {
      Kind.GARBAGE_TEXT, Kind.NOT_AN_OBJECT, Kind.DEEP_NESTING, Kind.HUGE_STRING, Kind.WRONG_TYPES, Kind.WRONG_TYPES, Kind.BAD_PATH_OP,
      Kind.BAD_PATH_OP, Kind.BAD_PATH_EDIT, Kind.FUTURE_VERSION, Kind.FORGED_SRC, Kind.FOREIGN_SRC, Kind.REPLAYED_SEQ,
      Kind.FOREIGN_GENERATION, Kind.BINARY
    };
    return common[random.nextInt(common.length)];
  }

  private void one(Attacker a, Kind kind, Target t) throws Exception {
    Random r = a.random;
    switch (kind) {
      case GARBAGE_TEXT -> expectError(a, garbage(r, 1 + r.nextInt(300)), FRAME_ERRORS);
      case NOT_AN_OBJECT -> {
        String[] values = {"42", "-0.5e300", "\"edit\"", "[]", "[{\"type\":\"edit\"}]", "null", "true", "\"" + garbage(r, 20).replace("\"", "") + "\""};
        expectError(a, values[r.nextInt(values.length)], FRAME_ERRORS);
      }
      case DEEP_NESTING -> {
        int depth = 50 + r.nextInt(10_000); // up to ~60 KB, under the frame limit
        String inner = r.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String frame =
            switch (r.nextInt(3)) {
              case 0 -> inner;
              case 1 -> "{\"type\":\"presence\",\"focus\":" + inner + "}";
              default -> "{\"type\":\"op\",\"seq\":" + inner + ",\"v\":0,\"op\":[]}";
            };
        expectError(a, frame, FRAME_ERRORS);
      }
      case HUGE_STRING -> {
        String huge = ascii(r, 20_000 + r.nextInt(40_000));
        String frame =
            switch (r.nextInt(4)) {
              case 0 -> "{\"type\":\"" + huge + "\"}";
              case 1 -> "{\"type\":\"op\",\"seq\":\"" + huge + "\",\"v\":0,\"op\":[]}";
              case 2 -> "{\"type\":\"presence\",\"caret\":\"" + huge + "\"}";
              default -> "{\"type\":\"edit\",\"path\":5,\"value\":\"" + huge + "\"}";
            };
        expectError(a, frame, FRAME_ERRORS);
      }
      case WRONG_TYPES -> {
        String[] frames = {
          "{\"type\":\"edit\",\"path\":{\"a\":1},\"value\":1}",
          "{\"type\":\"edit\",\"path\":[true],\"value\":1}",
          "{\"type\":\"edit\"}",
          "{\"type\":\"op\",\"seq\":\"one\",\"v\":0,\"op\":[]}",
          "{\"type\":\"op\",\"seq\":1,\"v\":\"zero\",\"op\":[]}",
          "{\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":{\"p\":[]}}",
          "{\"type\":\"op\",\"seq\":-5,\"v\":0,\"op\":[]}",
          "{\"type\":\"presence\",\"focus\":\"goals\",\"caret\":[1]}",
          "{\"type\":\"presence\",\"focus\":[\"goals\",0],\"selection\":[5,2]}",
          "{\"type\":\"generate\",\"count\":\"many\"}",
          "{\"type\":\"cancel_generation\",\"generation_id\":17}",
          "{\"type\":\"hello\",\"protocol\":\"1\"}",
          "{\"type\":\"hello\",\"protocol\":2}",
          "{\"type\":\"hello\",\"protocol\":1,\"version\":3}",
          "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + t.bystanderClientId() + "\",\"version\":-1}",
          "{\"type\":17}",
          "{\"type\":null}",
          "{\"type\":\"Edit\",\"path\":\"name\",\"value\":\"x\"}",
          "{\"type\":\"welcome\",\"version\":0}",
          "{\"type\":\"op\",\"seq\":1}",
        };
        expectError(a, frames[r.nextInt(frames.length)], FRAME_ERRORS);
      }
      case BAD_PATH_OP -> {
        String[] components = {
          "{\"p\":[\"nope\",\"deeper\"],\"oi\":1}",
          "{\"p\":[\"goals\",99,\"x\"],\"oi\":1}",
          "{\"p\":[\"goals\",50],\"ld\":\"Ship the study\"}",
          "{\"p\":[\"name\",\"first\"],\"oi\":\"A\"}",
          "{\"p\":[\"demographics\",\"age\",\"x\"],\"oi\":1}",
          "{\"p\":[\"demographics\",\"age\"],\"na\":\"ten\"}",
          "{\"p\":[\"quotes\",0,5,\"z\"],\"si\":\"x\"}",
          "{\"p\":[\"goals\",\"one\"],\"li\":\"x\"}",
          "{\"p\":[\"missing\",0],\"lm\":3}",
          "{\"p\":[\"title\",9999],\"sd\":\"zz\"}",
        };
        long seq = a.syncSeq + 1;
        String frame = "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + a.version + ",\"op\":[" + components[r.nextInt(components.length)] + "]}";
        expectRefusal(a, frame, seq, Set.of("invalid_op", "seq_gap", "op_too_old"));
      }
      case BAD_PATH_EDIT -> {
        String[] paths = {"name.first", "goals.99", "goals.x", "demographics.age.years", "quotes.0.text", "title.0"};
        long seq = a.gatewaySeq + 1; // the gateway numbers edits
        a.gatewaySeq = seq;
        String frame = "{\"type\":\"edit\",\"path\":\"" + paths[r.nextInt(paths.length)] + "\",\"value\":\"x\"}";
        expectRefusal(a, frame, seq, Set.of("invalid_op", "seq_gap", "stale_seq"));
      }
      case FUTURE_VERSION -> {
        long seq = a.syncSeq + 1;
        long v = a.version + 1_000 + r.nextInt(1_000_000);
        expectRefusal(a, "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + v + ",\"op\":[{\"p\":[\"title\",0],\"si\":\"x\"}]}", seq,
            Set.of("invalid_version", "seq_gap"));
      }
      case FORGED_SRC, FOREIGN_SRC -> {
        String src = kind == Kind.FORGED_SRC ? t.bystanderClientId() : t.foreignClientId();
        long seq = a.syncSeq + 1;
        expectForbidden(a, "{\"type\":\"op\",\"src\":\"" + src + "\",\"seq\":" + seq + ",\"v\":" + a.version
            + ",\"op\":[{\"p\":[\"title\",0],\"si\":\"forged \"}]}", seq, Set.of("forbidden"));
      }
      case REPLAYED_SEQ -> {
        // A number already used, with an op that would apply: must not be applied.
        if (a.syncSeq == 0) { // nothing to replay yet on this connection: a number it never had
          long seq = a.gatewaySeq + 2;
          expectRefusal(a, "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + a.version + ",\"op\":[{\"p\":[\"nope\",\"x\"],\"oi\":1}]}",
              seq, Set.of("invalid_op", "seq_gap", "op_too_old"));
        } else {
          long seq = 1 + (long) r.nextInt((int) Math.min(a.syncSeq, Integer.MAX_VALUE));
          expectRefusal(a, "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + a.version + ",\"op\":[{\"p\":[\"title\",0],\"si\":\"replayed \"}]}",
              seq, REFUSALS);
        }
      }
      case FOREIGN_GENERATION ->
          expectError(a, "{\"type\":\"cancel_generation\",\"generation_id\":\"" + t.foreignGeneration() + "\"}",
              Set.of("generation_not_found"));
      case BINARY -> {
        byte[] bytes = new byte[1 + r.nextInt(2_000)];
        r.nextBytes(bytes);
        a.socket.sendBinary(bytes);
        JsonNode answer = answer(a);
        check(answer, "error", Set.of("invalid_frame"), "binary frame");
      }
      case OVERSIZE -> {
        String big = "{\"type\":\"edit\",\"path\":\"name\",\"value\":\"" + "x".repeat(MAX_FRAME_BYTES) + "\"}";
        if (r.nextBoolean()) {
          // One frame above the limit: Netty refuses it by its length, before reading it.
          Grant grant = auth.of(t.sessionId(), a.name);
          try (RawSocket raw = new RawSocket("localhost", URI.create(system.http()).getPort(), "/ws/sessions/" + t.sessionId(), grant.token())) {
            raw.sendFrame(0x1, big.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Object answer = raw.awaitTextOrClose(ANSWER);
            answers.computeIfAbsent("close " + answer + " (one frame)", k -> new LongAdder()).increment();
            assertThat(answer).as("close code for a frame above the limit").isEqualTo(1009);
          }
        } else {
          // The JDK client splits a long message into frames; their sum is above the limit.
          a.socket.send(big);
          TestSocket.CloseStatus status = a.socket.awaitClose(ANSWER);
          answers.computeIfAbsent("close " + status.code() + " (fragments)", k -> new LongAdder()).increment();
          assertThat(status.code()).as("close code for a message above the limit, in fragments").isIn(1009, 1002);
          connect(a, t.sessionId());
        }
      }
      case INVALID_UTF8 -> {
        Grant grant = auth.of(t.sessionId(), a.name);
        try (RawSocket raw = new RawSocket("localhost", URI.create(system.http()).getPort(), "/ws/sessions/" + t.sessionId(), grant.token())) {
          byte[] bad = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
          raw.sendFrame(0x1, bad);
          Object answer = raw.awaitTextOrClose(ANSWER);
          String seen = answer instanceof Integer code ? "close " + code : "error " + JSON.readTree((String) answer).path("code").asString();
          answers.computeIfAbsent(seen, k -> new LongAdder()).increment();
          assertThat(seen).as("answer to a text frame that is not UTF-8").isIn("close 1007", "error invalid_json", "error unknown_type");
        }
      }
    }
  }

  private void expectError(Attacker a, String frame, Set<String> codes) {
    a.socket.send(frame);
    check(answer(a), "error", codes, abbreviate(frame));
  }

  /** An op with someone else's {@code src}: refused by the gateway, which does not count its seq. */
  private void expectForbidden(Attacker a, String frame, long seq, Set<String> codes) {
    a.socket.send(frame);
    JsonNode answer = answer(a);
    check(answer, "nack", codes, abbreviate(frame));
    assertThat(answer.path("seq").asLong()).as("seq of the nack for %s", abbreviate(frame)).isEqualTo(seq);
  }

  /** An op or edit the gateway passes on: a nack with its seq, and the sequencer's mark moves on. */
  private void expectRefusal(Attacker a, String frame, long seq, Set<String> codes) {
    a.socket.send(frame);
    a.gatewaySeq = Math.max(a.gatewaySeq, seq);
    JsonNode answer = answer(a);
    check(answer, "nack", codes, abbreviate(frame));
    assertThat(answer.path("seq").asLong()).as("seq of the nack for %s", abbreviate(frame)).isEqualTo(seq);
    String code = answer.path("code").asString();
    if (!code.equals("seq_gap") && !code.equals("forbidden") && !code.equals("stale_seq")) a.syncSeq = Math.max(a.syncSeq, seq);
  }

  private void check(JsonNode answer, String type, Set<String> codes, String what) {
    String code = answer.path("code").asString();
    answers.computeIfAbsent(answer.path("type").asString() + " " + code, k -> new LongAdder()).increment();
    assertThat(answer.path("type").asString()).as("answer to %s: %s", what, answer).isEqualTo(type);
    assertThat(code).as("code of the answer to %s: %s", what, answer).isIn(codes);
    assertThat(answer.path("message").asString()).as("a message for people").isNotBlank();
  }

  /** The next answer on the attacker's socket, skipping what is not one (others' ops, presence …). */
  private static JsonNode answer(Attacker a) {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      JsonNode frame = a.socket.next(left);
      String type = frame.path("type").asString();
      if (type.equals("error") || type.equals("nack") || type.equals("ack") || type.equals("welcome")) return frame;
      if (type.equals("op") && a.clientId.equals(frame.path("src").asString())) return frame; // applied: wrong
      if (type.equals("op")) a.version = Math.max(a.version, frame.path("v").asLong() + 1);
    }
  }

  private void connect(Attacker a, String sessionId) throws Exception {
    a.socket = auth.socket(sessionId, a.name);
    JsonNode welcome = a.socket.awaitType("welcome", WAIT);
    a.clientId = welcome.path("clientId").asString();
    a.version = welcome.path("version").asLong();
    a.gatewaySeq = 0;
    a.syncSeq = 0;
  }

  private static JsonNode awaitOwnOp(TestSocket socket, String clientId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode frame = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      String type = frame.path("type").asString();
      if (type.equals("op") && clientId.equals(frame.path("src").asString())) return frame;
      assertThat(type).as("the bystander's changes are never refused: %s", frame).isNotIn("nack", "error");
    }
  }

  private static List<JsonNode> opsSince(Grant grant, String sessionId, long from) throws Exception {
    List<JsonNode> ops = new ArrayList<>();
    long next = from;
    while (true) {
      var response = auth.send("GET", "/api/sessions/" + sessionId + "/ops?from=" + next + "&limit=2000", grant.token(), null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = JSON.readTree(response.body());
      page.path("ops").forEach(ops::add);
      if (page.path("next").isNull() || page.path("next").isMissingNode()) return ops;
      next = page.path("next").asLong();
    }
  }

  /** Random text: ASCII, JSON punctuation, control characters, other scripts, emoji. */
  private static String garbage(Random r, int length) {
    String alphabet = "{}[]:,\"\\ abcXYZ0123456789-+.eE\t\n\u0000\u0001\u001f\u007f\u00e9\u4e2d\u200b\ufeff";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = r.nextInt(alphabet.length() + 1);
      if (pick == alphabet.length()) out.appendCodePoint(0x1F600 + r.nextInt(50));
      else out.append(alphabet.charAt(pick));
    }
    return out.toString();
  }

  private static String ascii(Random r, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) out.append((char) ('a' + r.nextInt(26)));
    return out.toString();
  }

  private static String abbreviate(String frame) {
    return frame.length() <= 160 ? frame : frame.substring(0, 160) + "… (" + frame.length() + " chars)";
  }

  private static Map<String, Long> counts(Map<?, LongAdder> map) {
    Map<String, Long> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k.toString(), v.sum()));
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
