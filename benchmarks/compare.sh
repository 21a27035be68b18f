#!/usr/bin/env bash
# Side by side with the Python original: its per-candle path (seed-spec 3.3: 28 pandas features over the last 500
# candles, the 60-row window z-scored, the 28 -> 128 x 2 LSTM in eager PyTorch on the CPU) and our hot path
# (SignalEngine, standard28, ONNX Runtime), on the same candles and the same weights. Checks first that both give
# the same probabilities (within 1e-5) on those candles, then prints each median and the ratio.
#
# Needs Debian's python3-pandas and python3-torch (apt-get install python3-pandas python3-torch) and a JDK >= 21.
# Usage: benchmarks/compare.sh [COUNT]   (default 300 candles timed in Python; JMH runs its own iterations)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bin/find-jdk.sh
py=/usr/bin/python3
count=${1:-300}
start=8000
candles=data/binance/BTCUSDT-1h.csv
if ! "$py" -c 'import pandas, torch' 2>/dev/null; then
  echo "compare.sh needs Debian's python3-pandas and python3-torch: apt-get install -y python3-pandas python3-torch" >&2
  exit 1
fi
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  ./build -q -DskipTests -pl benchmarks -am package
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "== BLAS behind Debian's torch: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)"
"$py" benchmarks/python/make_compare_bundle.py --candles "$candles" --out "$work/bundle"

echo "== Python original, $count candles from #$start"
"$py" benchmarks/python/seed_original.py --candles "$candles" --bundle "$work/bundle" --from "$start" --count "$count" \
  --out "$work/python.csv" | tee "$work/python.txt"
python_median=$(sed -n 's/^python_median_us=//p' "$work/python.txt")

echo "== same candles through candlesignal"
java --enable-native-access=ALL-UNNAMED -cp "$jar" dev.candlesignal.benchmarks.ComparePerCandle "$candles" "$work/bundle" \
  "$start" "$count" "$work/java.csv" 2>/dev/null
"$py" - "$work/python.csv" "$work/java.csv" <<'PY'
import sys
a = [l.strip().split(",") for l in open(sys.argv[1])][1:]
b = [l.strip().split(",") for l in open(sys.argv[2])][1:]
assert len(a) == len(b) and all(x[0] == y[0] for x, y in zip(a, b)), "different candles"
diff = max(abs(float(x[1]) - float(y[1])) for x, y in zip(a, b))
spread = (min(float(x[1]) for x in a), max(float(x[1]) for x in a))
print("probabilities: %d candles, max |python - java| = %.3g, range %.4f..%.4f" % (len(a), diff, *spread))
if diff > 1e-5:
    sys.exit("the two paths disagree by more than 1e-5: the comparison would not be of equal work")
PY

echo "== candlesignal hot path (JMH SampleTime, same bundle)"
java -jar "$jar" HotPathBenchmark.hotPath -p "config=bundle:$work/bundle" -bm sample -tu us -f 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf json -rff "$work/jmh.json" > "$work/jmh.txt" 2>&1 || { cat "$work/jmh.txt"; exit 1; }
grep -E "hotPath( |:p0.50|:p0.99 )" "$work/jmh.txt"
java_median=$("$py" -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]; print(r["primaryMetric"]["scorePercentiles"]["50.0"])' "$work/jmh.json")

"$py" -c "import sys; p=float(sys.argv[1]); j=float(sys.argv[2]); print('== median per candle: python %.1f us, candlesignal %.1f us, ratio %.1fx' % (p, j, p / j))" \
  "$python_median" "$java_median"
