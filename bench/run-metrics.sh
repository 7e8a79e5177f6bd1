#!/bin/sh
# Side-by-side metrics benchmark: Bongsu vs Prometheus vs VictoriaMetrics (Debian packages).
# Usage: bench/run-metrics.sh [--series=100000] [--span=190m] [--interval=30s] [--systems=...]
# Writes its results section into docs/benchmarks.md. Run from anywhere; works in the repo root.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f app/target/bongsu.jar ] || [ ! -f bench/target/bongsu-bench.jar ]; then
  ./mvnw -q -pl app,bench -am package -DskipTests
fi
rm -f bench/target/run/*.log
exec java -Xms2g -Xmx8g -XX:+UseParallelGC -cp bench/target/bongsu-bench.jar \
  io.bongsu.bench.MetricsBench "$@"
