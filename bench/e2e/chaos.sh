#!/usr/bin/env bash
# The chaos run of issue 10 (docs/reliability.md, "Chaos run"): a topology of separate processes
# (its own Redis on a free port, a KRaft broker, session-service, generation-service, two
# sync-service instances, two gateways), and per fault a fresh 60 s load of 50 Java clients in 5
# sessions (2 changes/s each, half the clients on each gateway) with the fault at 20 s:
# sync-service SIGKILL + restart, gateway SIGKILL + restart, generation-service SIGKILL during a
# generation + restart, Redis restart, broker restart, sync-service SIGSTOP past its consumer
# session timeout. Checks afterwards: every acknowledged change in the document exactly once,
# every client converged, nobody stuck; recovery times. About 15 minutes on a quiet 2-core machine.
#
#   bench/e2e/chaos.sh                                         # everything
#   bench/e2e/chaos.sh --faults redis-restart,sync-sigstop     # some faults; other options: ChaosBench's javadoc
#   NO_BUILD=1 bench/e2e/chaos.sh ...                          # skip the Maven build
#   JARS_FROM=/path/to/checkout bench/e2e/chaos.sh ...         # service jars from another checkout's target/
#
# Results: bench/e2e/results/<time>-chaos/ (summary.md with the table, every process's log).
# Not part of any Maven build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn=mvn
[ -x ./mvnw ] && mvn=./mvnw

if [ -z "${NO_BUILD:-}" ]; then
  echo "== build (service jars, then bench/e2e)"
  # Two steps: -Pbench on the whole reactor would also switch on ot-core's JMH profile.
  "$mvn" -q -DskipTests -pl session-service,sync-service,generation-service,gateway-service -am package
  "$mvn" -q -Pbench -DskipTests -pl bench/e2e package
fi

echo "date -u: $(date -u); nproc $(nproc); load avg $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
exec java -Xmx1g \
  -cp "bench/e2e/target/bench-e2e-0.1.0-SNAPSHOT.jar:bench/e2e/target/lib/*" \
  org.personacollab.bench.ChaosBench --jars-from "${JARS_FROM:-$root}" "$@"
