#!/usr/bin/env bash
# Regenerates the committed golden feature files of signal-features from the bundled Binance data, with the pandas
# reference (Debian's /usr/bin/python3 has pandas; CI never runs this, the outputs are committed). About 3 MB:
# BTCUSDT standard28 for the whole year; standard14/takerFlow for BTCUSDT's first 1200 rows (warm-up, the August
# 2019 gap); BNBUSDT and LTCUSDT rows 5550-6749 for both sets (the February/March 2020 gaps, the early-closed
# maintenance candles and the March 12-13 2020 crash). Slices are cut after computing over the whole file. Plus
# primitives.csv.gz: pandas' rolling mean/std/min/max and ewm on an adversarial series (tools/reference/primitives.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
py=${PYTHON:-/usr/bin/python3}
ref=tools/reference/features.py
out=signal-features/src/test/resources/golden
mkdir -p "$out"
"$py" "$ref" --self-test
"$py" "$ref" --candles data/binance/BTCUSDT-1h.csv --set standard28 --out "$out/BTCUSDT-standard28.csv.gz"
"$py" "$ref" --candles data/binance/BTCUSDT-1h.csv --set standard14/takerFlow --rows 0:1200 \
    --out "$out/BTCUSDT-standard14-takerFlow-rows0-1200.csv.gz"
for s in BNBUSDT LTCUSDT; do
  "$py" "$ref" --candles "data/binance/$s-1h.csv.gz" --set standard28 --rows 5550:6750 \
      --out "$out/$s-standard28-rows5550-6750.csv.gz"
  "$py" "$ref" --candles "data/binance/$s-1h.csv.gz" --set standard14/takerFlow --rows 5550:6750 \
      --out "$out/$s-standard14-takerFlow-rows5550-6750.csv.gz"
done
"$py" tools/reference/primitives.py --out "$out/primitives.csv.gz"
ls -l "$out"
