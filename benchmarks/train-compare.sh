#!/usr/bin/env bash
# The Java trainer against tools/train (issue 15's targets): seconds per epoch for lstm14 and lstm28, quality over
# three seeds each side, lstm14 on 180 days to early stopping, peak RSS of lstm28 on a year, RSS over 20 trainings.
# Same candles (the bundled BTCUSDT 1h year), split (20 % validation, purge 61), seed and threads (1) on both sides.
# Usage, from the repository root: benchmarks/train-compare.sh [OUTPUT_DIR] [STEP...]
#   steps: epochs14 epochs28 early early2 memory soak quality14 quality14py (default: all, in that order), and
#   samewindows (both sides' seeds 1-10 scored on the validation windows they share; not in the default list)
# Needs Debian's /usr/bin/python3 with python3-torch and python3-pandas. Takes about an hour on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bin/find-jdk.sh
out=${1:-benchmarks/results/$(date -u +%Y-%m-%d)}
shift || true
steps=${*:-epochs14 epochs28 early early2 memory soak quality14 quality14py}
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || ./build -q -DskipTests -pl benchmarks -am package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
candles=data/binance/BTCUSDT-1h.csv
java -cp "$jar" dev.candlesignal.cli.CandleSignalCli features --candles $candles --set standard14/takerFlow \
  --out "$work/f14.csv" 2>/dev/null
java -cp "$jar" dev.candlesignal.cli.CandleSignalCli features --candles $candles --set standard28 \
  --out "$work/f28.csv" 2>/dev/null
J() { java --enable-native-access=ALL-UNNAMED "$@"; }
bench() { J -cp "$jar" dev.candlesignal.benchmarks.TrainingBenchmark "$@"; }
py() { # features, set, arch, json, args...
  local f=$1 set=$2 arch=$3 json=$4; shift 4
  rm -rf "$work/py-out"
  echo "# load $(cat /proc/loadavg)"
  /usr/bin/python3 benchmarks/python/train_timing.py --json "$json" -- --features "$f" --candles $candles \
    --feature-set "$set" --symbol BTCUSDT --arch "$arch" --threads 1 --out "$work/py-out" "$@"
  echo "# load after $(cat /proc/loadavg)"
}
for step in $steps; do
  echo "== $step $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >&2
  case $step in
    epochs14)
      bench epochs --arch lstm14 --epochs 4 > "$out/train-epochs-lstm14-java.txt" 2>&1
      py "$work/f14.csv" standard14/takerFlow lstm14 "$out/train-epochs-lstm14-python.json" --epochs 4 --patience 100 \
        > "$out/train-epochs-lstm14-python.txt" 2>&1 ;;
    epochs28)
      bench epochs --arch lstm28 --epochs 3 > "$out/train-epochs-lstm28-java.txt" 2>&1
      py "$work/f28.csv" standard28 lstm28 "$out/train-epochs-lstm28-python.json" --epochs 3 --patience 100 \
        > "$out/train-epochs-lstm28-python.txt" 2>&1 ;;
    early)
      bench early --arch lstm14 --days 180 > "$out/train-early-lstm14-180d.txt" 2>&1 ;;
    early2)
      bench early --arch lstm14 --days 180 --threads 2 > "$out/train-early-lstm14-180d-2threads.txt" 2>&1 ;;
    memory)
      # a heap of 256 MiB is plenty (a year of candles and features is a few MiB); not pre-touched, so the RSS shows
      # what the process uses
      J -Xmx256m -cp "$jar" dev.candlesignal.benchmarks.TrainingBenchmark memory \
        --arch lstm28 --epochs 3 > "$out/train-memory-lstm28.txt" 2>&1 ;;
    soak)
      J -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary -cp "$jar" \
        dev.candlesignal.benchmarks.TrainingBenchmark soak --arch lstm14 --trainings 20 --epochs 2 \
        > "$out/train-soak.txt" 2>&1 ;;
    quality14)
      # tools/train's plateau patience is max(1, patience // 2) = 5
      bench quality --arch lstm14 --seeds 1,2,3 --plateau-patience 5 > "$out/train-quality-lstm14-java.txt" 2>&1 ;;
    quality14py)
      for seed in 1 2 3; do
        py "$work/f14.csv" standard14/takerFlow lstm14 "$out/train-quality-lstm14-python-seed$seed.json" \
          --epochs 100 --patience 10 --seed $seed > "$out/train-quality-lstm14-python-seed$seed.txt" 2>&1
      done ;;
    samewindows)
      # both trainers' lstm14 bundles for seeds 1-10 (to early stopping, as quality14 and quality14py), kept, then
      # scored on the validation windows the two have in common (tools/train keeps gap-spanning windows, Java not)
      keep="$out/same-windows-bundles"
      mkdir -p "$keep"
      bench quality --arch lstm14 --seeds 1,2,3,4,5,6,7,8,9,10 --plateau-patience 5 --keep "$keep/java" \
        > "$out/same-windows-java.txt" 2>&1
      for seed in 1 2 3 4 5 6 7 8 9 10; do
        /usr/bin/python3 tools/train --features "$work/f14.csv" --candles $candles --feature-set standard14/takerFlow \
          --symbol BTCUSDT --arch lstm14 --threads 1 --epochs 100 --patience 10 --seed $seed \
          --out "$keep/python/lstm14-seed$seed" > "$out/same-windows-python-seed$seed.txt" 2>&1
      done
      /usr/bin/python3 benchmarks/python/same_windows.py --features "$work/f14.csv" --candles $candles \
        --java-validation 1640 "$keep"/java/* "$keep"/python/* > "$out/same-windows.txt" 2>&1
      cat "$out/same-windows.txt" ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
echo "done: $out" >&2
