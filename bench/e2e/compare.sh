#!/usr/bin/env bash
# The fan-out workload against Persona Collab and against ShareDB in one run (issue 10): installs
# bench/sharedb (npm ci: sharedb with its in-memory database, one Node process), builds the
# service jars and the benchmark, then CompareBench runs 200 clients in 20 sessions at 250, 500,
# 1000, 1500, 2000 and 3000 ops/s (10 s warm-up, the first 90 s more, + 20 s measured each) on our system (started as
# `persona up` starts it) and then on ShareDB, finds each one's highest rate with fan-out
# p99 ≤ 100 ms, rewrites the "Against ShareDB" block of docs/benchmarks.md and draws
# docs/latency-vs-load.png. About 13 minutes. Raw data: bench/e2e/results/<time>-sharedb/.
#
#   bench/e2e/compare.sh                                    # the default steps
#   bench/e2e/compare.sh --rates 500,1000 --duration 30s    # any option of CompareBench (--help)
#   bench/e2e/compare.sh --systems sharedb                  # one side only
#   NO_BUILD=1 bench/e2e/compare.sh ...                     # skip npm ci and the Maven build
#   NO_DOC=1 bench/e2e/compare.sh ...                       # leave docs/ alone
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn=mvn
[ -x ./mvnw ] && mvn=./mvnw

if [ -z "${NO_BUILD:-}" ]; then
  echo "== npm ci (bench/sharedb)"
  (cd bench/sharedb && npm ci --no-audit --no-fund --loglevel=error)
  echo "== build (service jars and bench/e2e)"
  "$mvn" -B -q -DskipTests -pl session-service,sync-service,generation-service,gateway-service -am package
  "$mvn" -B -q -Pbench -DskipTests -pl bench/e2e -am package
fi

stamp="$(date -u +%Y%m%d-%H%M%S)"
work="bench/e2e/target/compare-$stamp"
mkdir -p "$work"
machine="$work/machine.txt"
bench/e2e/machine-info.sh "node:       $(node --version), sharedb $(node -p "require('./bench/sharedb/node_modules/sharedb/package.json').version")" > "$machine"
cat "$machine"

prefix="bench-$stamp:"
doc_args=(--doc docs/benchmarks.md --plot docs/latency-vs-load.png)
[ -n "${NO_DOC:-}" ] && doc_args=()
command_line="${NO_BUILD:+NO_BUILD=1 }bench/e2e/compare.sh${*:+ $*}"

set +e
java -Xmx1g -Xss512k -Djava.awt.headless=true \
  -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
  org.personacollab.bench.CompareBench \
  --repo "$root" --results-dir bench/e2e/results --machine-file "$machine" \
  --redis-key-prefix "$prefix" --command "$command_line" "${doc_args[@]}" "$@"
status=$?
set -e

if command -v redis-cli >/dev/null && redis-cli -p 6379 ping >/dev/null 2>&1; then
  redis-cli -p 6379 --scan --pattern "${prefix}*" | xargs -r -n 500 redis-cli -p 6379 del >/dev/null || true
fi
exit $status
