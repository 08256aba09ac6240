#!/usr/bin/env bash
# `persona up` to a usable page (DESIGN.md §10: ≤ 30 s), on a warm build: RUNS times (default 3),
# each with a fresh data folder (Kafka formats its log, as on a first `up`), starts `./persona up`
# (with its "are the jars up to date?" check) on ports of its own and a config with a Redis key
# prefix of its own, and runs UpProbe: time until the gateway's `/` answers 200, and until a
# signed-in user's new session has its WebSocket welcome. Also the time `persona up` printed
# "is up". Stops it (SIGTERM: a background job of a script ignores SIGINT) before the next run. Needs bench/e2e built.
#
#   RUNS=3 bench/e2e/up-time.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
port=18080
cp="bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*"
echo "date -u: $(date -u); nproc $(nproc); $(java -version 2>&1 | head -1)"
for i in $(seq 1 "$runs"); do
  data="$(mktemp -d /tmp/persona-up-time.XXXXXX)"
  prefix="bench-up-$(date -u +%H%M%S)-$i:"
  printf 'persona:\n  redis:\n    key-prefix: "%s"\n' "$prefix" > "$data/config.yaml"
  echo "== run $i: load avg before $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s%3N)
  ./persona up --data-dir "$data/persona" --config "$data/config.yaml" --port $port --session-port 18081 \
    --sync-port 18082 --generation-port 18083 --kafka-port 19092 --controller-port 19093 \
    > >(while IFS= read -r line; do echo "+$(( $(date +%s%3N) - start )) ms  $line"; done > "$data/up.out") 2>&1 &
  up=$!
  java -cp "$cp" org.personacollab.bench.UpProbe "http://localhost:$port" "$start" 300 || echo "probe failed"
  for _ in $(seq 1 50); do grep -q "is up" "$data/up.out" && break; sleep 0.2; done
  echo "persona up printed: $(grep -m1 "is up" "$data/up.out" || echo '(nothing)')"
  echo "load avg after: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill -TERM "$up"; wait "$up" || true
  if command -v redis-cli >/dev/null; then
    redis-cli -p 6379 --scan --pattern "${prefix}*" | xargs -r -n 500 redis-cli -p 6379 del >/dev/null || true
  fi
  rm -rf "$data"
  sleep 5
done
