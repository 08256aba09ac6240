#!/usr/bin/env bash
# End-to-end fan-out benchmark (DESIGN.md §10): builds the service jars and the benchmark, starts
# Kafka + the four services the way `persona up` does (Redis: the one on localhost:6379, else an
# embedded one), drives 200 real clients in 20 sessions at 250, 500, 1000 and 2000 ops/s
# (15 s warm-up + 60 s measured each, the first with 90 s more so that the services' JIT compilers
# have settled; about 11 minutes in all), and rewrites the generated block
# of the "End-to-end fan-out" section of docs/benchmarks.md. Histograms go to
# bench/e2e/results/<time>/.
#
#   bench/e2e/run.sh                                   # the default scenarios
#   bench/e2e/run.sh --rates 1000 --duration 30s       # any option of the benchmark (--help)
#   bench/e2e/run.sh --url ws://localhost:8080         # a system that is already running
#   NO_BUILD=1 bench/e2e/run.sh ...                    # skip the Maven build
#   NO_DOC=1 bench/e2e/run.sh ...                      # leave docs/benchmarks.md alone
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn=mvn
[ -x ./mvnw ] && mvn=./mvnw

if [ -z "${NO_BUILD:-}" ]; then
  echo "== build (service jars and bench/e2e)"
  "$mvn" -q -Pbench -DskipTests \
    -pl session-service,sync-service,generation-service,gateway-service,bench/e2e -am install
fi

stamp="$(date -u +%Y%m%d-%H%M%S)"
work="bench/e2e/target/run-$stamp"
mkdir -p "$work"
machine="$work/machine.txt"
bench/e2e/machine-info.sh > "$machine"
cat "$machine"

prefix="bench-$stamp:"
doc_args=(--doc docs/benchmarks.md)
[ -n "${NO_DOC:-}" ] && doc_args=()
command_line="${NO_BUILD:+NO_BUILD=1 }bench/e2e/run.sh${*:+ $*}"

echo "== benchmark"
set +e
java -Xmx1g -Xss512k \
  -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
  org.personacollab.bench.BenchCommand \
  --repo "$root" --results-dir bench/e2e/results --machine-file "$machine" \
  --redis-key-prefix "$prefix" --command "$command_line" "${doc_args[@]}" "$@"
status=$?
set -e

# The services wrote sessions and documents under this run's own key prefix in the shared Redis.
if command -v redis-cli >/dev/null && redis-cli -p 6379 ping >/dev/null 2>&1; then
  redis-cli -p 6379 --scan --pattern "${prefix}*" | xargs -r -n 500 redis-cli -p 6379 del >/dev/null || true
fi
exit $status
