package org.personacollab.ot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Side;

/**
 * transform + apply on the fixed corpus of bench/ot/corpus.jsonl, the same loop that
 * bench/ot/json0-bench.mjs runs through ot-json0: for every concurrent pair (a, b),
 * transform(a, b, LEFT), transform(b, a, RIGHT), then apply a and b' to the running document.
 * The score is the average time of one pair (the pass is divided by the number of pairs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class TransformApplyBenchmark {
  @Param("bench/ot/corpus.jsonl")
  public String corpus = "bench/ot/corpus.jsonl";

  private @Nullable Object start;
  private Op[] as = new Op[0];
  private Op[] bs = new Op[0];

  @Setup
  public void load() throws IOException {
    List<String> lines = Files.readAllLines(Path.of(corpus), StandardCharsets.UTF_8);
    start = JsonCodec.freeze(((Map<?, ?>) JsonCodec.parse(lines.get(0))).get("doc"));
    List<Op> a = new ArrayList<>();
    List<Op> b = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      Map<?, ?> pair = (Map<?, ?>) JsonCodec.parse(line);
      a.add(Op.fromPlain(pair.get("a")));
      b.add(Op.fromPlain(pair.get("b")));
    }
    as = a.toArray(new Op[0]);
    bs = b.toArray(new Op[0]);
  }

  /** One pass over the corpus; bench/ot/run.sh divides the score by the number of pairs. */
  @Benchmark
  public @Nullable Object transformAndApply(Blackhole bh) {
    Object doc = start;
    for (int i = 0; i < as.length; i++) {
      Op left = Json0.transform(as[i], bs[i], Side.LEFT);
      Op right = Json0.transform(bs[i], as[i], Side.RIGHT);
      doc = Json0.apply(Json0.apply(doc, as[i]), right);
      bh.consume(left);
    }
    return doc;
  }
}
