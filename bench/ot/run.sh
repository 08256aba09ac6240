#!/usr/bin/env bash
# OT engine benchmark: transform + apply on one fixed corpus, through our Java engine (JMH) and
# through ot-json0 (and our JavaScript engine) in node, then the ratio. Results go to
# docs/benchmarks.md ("OT engine") by hand, with the machine facts this script prints.
#
#   bench/ot/run.sh                      # JMH 5x1s warmup, 10x1s measurement, 1 fork
#   JMH_ARGS="-wi 2 -i 3" bench/ot/run.sh   # quicker
#   node bench/ot/make-corpus.mjs 1000 42 > bench/ot/corpus.jsonl   # regenerate the corpus (once)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
corpus="bench/ot/corpus.jsonl"
out="ot-core/target/bench"
mkdir -p "$out"
mvn=mvn
[ -x ./mvnw ] && mvn=./mvnw

echo "== machine"
date
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo || true
java -version 2>&1 | head -1
echo "node $(node -v)"

echo "== build"
# The engine, then the benchmark compiled on its own into target/bench (the JMH annotation
# processor generates the harness), so the module's classes stay free of benchmark code.
"$mvn" -q -pl ot-core package -DskipTests
"$mvn" -q -pl ot-core -Pbench dependency:build-classpath -Dmdep.outputFile="$root/$out/classpath.txt" -Dmdep.includeScope=compile >/dev/null
cp="ot-core/target/classes:$(cat "$out/classpath.txt")"
rm -rf "$out/classes" && mkdir -p "$out/classes"
javac -nowarn -d "$out/classes" -cp "$cp" -processorpath "$(cat "$out/classpath.txt")" \
  $(find ot-core/src/jmh/java -name '*.java')
[ -d ot-core/js/node_modules/ot-json0 ] || (cd ot-core/js && npm ci --prefer-offline --no-audit --no-fund)

echo "== JMH (Java engine)"
java -cp "$out/classes:$cp" org.openjdk.jmh.Main TransformApplyBenchmark -p corpus="$corpus" \
  -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} | tail -5
pairs=$(($(wc -l < "$corpus") - 1))

echo "== node (ot-json0 and our JavaScript engine)"
node bench/ot/json0-bench.mjs "$corpus" 10 > "$out/node.json"
cat "$out/node.json"

echo "== result"
node -e '
const fs = require("fs");
const jmh = JSON.parse(fs.readFileSync(process.argv[1], "utf8"))[0];
const nodeRes = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const pairs = Number(process.argv[3]);
const javaUs = jmh.primaryMetric.score / pairs;
const err = jmh.primaryMetric.scoreError / pairs;
const json0 = nodeRes.results.find((r) => r.name === "ot-json0").meanUsPerPair;
const js = nodeRes.results.find((r) => r.name === "ours-js").meanUsPerPair;
console.log(`pairs in corpus:            ${pairs}`);
console.log(`Java engine (JMH):          ${javaUs.toFixed(2)} us/pair (± ${err.toFixed(2)})`);
console.log(`ot-json0 (node):            ${json0.toFixed(2)} us/pair`);
console.log(`our JavaScript engine:      ${js.toFixed(2)} us/pair`);
console.log(`Java engine vs ot-json0:    ${(json0 / javaUs).toFixed(1)}x faster (target: 5x)`);
console.log(`JS engine vs ot-json0:      ${(json0 / js).toFixed(1)}x`);
' "$out/jmh.json" "$out/node.json" "$pairs"
