#!/usr/bin/env bash
# Runs every benchmark behind benchmarks/RESULTS.md, one after the other (JMH allows one run at a time), and keeps the
# raw output under benchmarks/results/<date>/. Takes about 40 minutes on the 2-core reference machine; run it on a
# quiet machine. Usage: benchmarks/run-all.sh [OUTPUT_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bin/find-jdk.sh
out=${1:-benchmarks/results/$(date -u +%Y-%m-%d)}
mkdir -p "$out"
./build -q -DskipTests -pl benchmarks -am package
jar=benchmarks/target/benchmarks.jar
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -r)"
  java -version 2>&1
  echo "load before: $(cat /proc/loadavg)"
} > "$out/machine.txt"
jmh() { # name, args...
  local name=$1; shift
  echo "== $name" >&2
  java -jar "$jar" "$@" -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  echo "   load after $name: $(cat /proc/loadavg)" >> "$out/machine.txt"
}
jmh features FeatureUpdateBenchmark -prof gc
java -cp "$jar" dev.candlesignal.benchmarks.FeatureMemory > "$out/feature-memory.txt" 2>&1
jmh inference InferenceBenchmark -prof gc
jmh hotpath HotPathBenchmark -bm sample -prof gc
jmh burst BurstBenchmark -bm sample -tu ms -prof gc
jmh replay ReplayBenchmark
jmh djl-vs-onnx DjlVsOnnxBenchmark -prof gc
java -Xms256m -Xmx256m -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -cp "$jar" \
  dev.candlesignal.benchmarks.DjlSoak --predictions 1000000 --samples 20 > "$out/djl-soak.txt" 2>&1
bash benchmarks/compare.sh 300 > "$out/compare.txt" 2>&1
echo "done: $out" >&2
