package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.conformance.ConformanceRunner;

/**
 * Differential test of both engines against the reference, ot-json0, run by node in long-running
 * child processes that speak the conformance protocol over stdin/stdout (js/testlib/oracle.mjs
 * and js/conformance.mjs). Random persona documents and op pairs come from {@link PersonaGen}.
 *
 * <p>The rules: where the oracle rejects, both engines reject; where both accept, the results are
 * the same JSON; we may reject what the oracle accepts only for requests the generator made
 * invalid on purpose (spec.md, "Where we differ"). And the Java and JavaScript engines print
 * byte-identical lines, errors included. Each failure prints its seed and the request line.
 */
class OracleDifferentialTest {
  static final long CASES = Long.getLong("ot.diff.cases", 20_000);
  static final long FIRST_SEED = Long.getLong("ot.diff.seed", 1_000_000);
  static final int BATCH = 400;

  static Node oracle;
  static Node js;

  /** A node child process answering one line per request line. */
  static final class Node implements AutoCloseable {
    final Process process;
    final BufferedWriter in;
    final BufferedReader out;

    Node(String script) throws IOException {
      String node = System.getProperty("ot.node", "node");
      File dir = new File(System.getProperty("ot.js.dir", "js"));
      if (!new File(dir, "node_modules/ot-json0").isDirectory()) {
        fail("ot-json0 is not installed in " + dir + ": run `npm ci` there (the Maven build does it when node_modules is missing)");
      }
      try {
        process = new ProcessBuilder(node, script).directory(dir).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      } catch (IOException e) {
        throw new IOException("cannot start `" + node + "`: the differential test needs Node.js 18+ on PATH", e);
      }
      in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Sends all lines (from a writer thread, so that neither pipe can fill up) and reads the answers. */
    List<String> ask(List<String> lines) throws Exception {
      Thread writer = new Thread(() -> {
        try {
          for (String l : lines) {
            in.write(l);
            in.write('\n');
          }
          in.flush();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      writer.start();
      List<String> answers = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        String a = out.readLine();
        if (a == null) {
          fail("node exited early (exit " + process.waitFor() + ")");
        }
        answers.add(a);
      }
      writer.join();
      return answers;
    }

    @Override
    public void close() throws IOException {
      in.close();
      process.destroy();
    }
  }

  @BeforeAll
  static void start() throws IOException {
    oracle = new Node("testlib/oracle.mjs");
    js = new Node("conformance.mjs");
  }

  @AfterAll
  static void stop() throws IOException {
    oracle.close();
    js.close();
  }

  record Request(long seed, String line, boolean strict) {}

  static String req(String fn, Object... fieldsAndValues) {
    return OtLaws.repro(fn, fieldsAndValues);
  }

  /** The requests of one case. */
  static void requests(long seed, List<Request> out) {
    PersonaGen.Case c = PersonaGen.of(seed, true);
    PersonaGen g = new PersonaGen(~seed, true);
    Object doc = c.doc();
    Op a = c.a();
    Op b = c.b();
    Object afterA = Json0.apply(doc, a);
    out.add(new Request(seed, req("apply", "doc", doc, "op", a), true));
    out.add(new Request(seed, req("transform", "op", a, "other", b, "side", Side.LEFT), true));
    out.add(new Request(seed, req("transform", "op", b, "other", a, "side", Side.RIGHT), true));
    out.add(new Request(seed, req("invert", "op", a), true));
    List<Component> both = new ArrayList<>(a.components());
    both.addAll(b.components());
    out.add(new Request(seed, req("normalize", "op", new Op(both)), true));
    out.add(new Request(seed, req("compose", "a", a, "b", g.op(afterA)), true));
    OtResult<Op> br = Json0.tryTransform(b, a, Side.RIGHT);
    if (br.isOk()) {
      out.add(new Request(seed, req("apply", "doc", afterA, "op", br.orThrow()), true));
    }
    if (g.chance(0.2)) {
      out.add(new Request(seed, req("apply", "doc", doc, "op", corrupt(g, a)), false));
    }
  }

  /** Breaks an op the ways clients get it wrong; json0 rejects some and silently accepts others. */
  static Object corrupt(PersonaGen g, Op a) {
    List<Object> ops = new ArrayList<>(a.toPlain());
    int i = g.nextInt(ops.size());
    Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) ops.get(i));
    List<Object> p = new ArrayList<>((List<?>) c.get("p"));
    switch (g.nextInt(8)) {
      case 0 -> {
        p.add("nope");
        p.add(3L);
      }
      case 1 -> p.add(0, "missing");
      case 2 -> {
        if (p.isEmpty()) {
          p.add(9999L);
        } else {
          p.set(p.size() - 1, 9999L);
        }
      }
      case 3 -> {
        return List.of(Map.of("p", List.of("name"), "na", 1L));
      }
      case 4 -> {
        return List.of(Map.of("p", List.of("goals", 0L, 0L), "oi", 1L));
      }
      case 5 -> {
        return List.of(Map.of("p", List.of("demographics"), "li", 1L));
      }
      case 6 -> {
        return List.of(Map.of("p", List.of("name", 9999L), "sd", "zz"));
      }
      default -> {
        return List.of(Map.of("p", List.of("nope", "deeper"), "oi", 1L));
      }
    }
    c.put("p", p);
    ops.set(i, c);
    return ops;
  }

  static String verdict(Request r, String ours, String theirs) {
    Map<?, ?> o = (Map<?, ?>) JsonCodec.parse(ours);
    Map<?, ?> t = (Map<?, ?>) JsonCodec.parse(theirs);
    if (t.containsKey("error")) {
      return o.containsKey("error") ? null : "the oracle rejects (" + t.get("error") + ") but we answer " + ours;
    }
    if (o.containsKey("error")) {
      return r.strict() ? "we reject but the oracle answers " + theirs + "; we say " + o.get("error") : null;
    }
    return JsonCodec.canonical(o.get("ok")).equals(JsonCodec.canonical(t.get("ok"))) ? null
        : "we answer " + ours + " but the oracle answers " + theirs;
  }

  @Test
  void bothEngines_matchOtJson0() throws Exception {
    List<String> failures = new ArrayList<>();
    long requests = 0;
    long t0 = System.nanoTime();
    for (long first = FIRST_SEED; first < FIRST_SEED + CASES && failures.size() < 10; first += BATCH) {
      List<Request> batch = new ArrayList<>();
      for (long s = first; s < Math.min(first + BATCH, FIRST_SEED + CASES); s++) {
        requests(s, batch);
      }
      List<String> lines = batch.stream().map(Request::line).toList();
      List<String> fromOracle = oracle.ask(lines);
      List<String> fromJs = js.ask(lines);
      for (int i = 0; i < batch.size() && failures.size() < 10; i++) {
        Request r = batch.get(i);
        String java = ConformanceRunner.handle(r.line());
        String why = verdict(r, java, fromOracle.get(i));
        if (why == null && !java.equals(fromJs.get(i))) {
          why = "the Java engine answers " + java + " but the JavaScript engine answers " + fromJs.get(i);
        }
        if (why != null) {
          String msg = "seed " + r.seed() + ": " + why + "\n  repro: " + r.line();
          System.err.println("DIFFERENTIAL FAILURE " + msg);
          failures.add(msg);
        }
      }
      requests += batch.size();
    }
    System.out.printf("differential: %d cases, %d requests through Java, JavaScript and ot-json0, %d failures, %.1f s%n",
        CASES, requests, failures.size(), (System.nanoTime() - t0) / 1e9);
    assertEquals(List.of(), failures);
  }
}
