#!/usr/bin/python3
"""The Python original's per-candle path, written from seed-spec 3.3, for benchmarks/compare.sh.

For each candle t it does what the seed bot's AnalysisEngine.predict does once a candle arrives (without the
SQLite read): take the last 500 candles as a DataFrame, coerce the columns with pd.to_numeric, compute the 28
features in pandas (tools/reference/features.py, the same formulas the Java parity tests check; the seed also
computed ~10 unused columns, so this is a lower bound on its time), take the last 60 rows, ffill then fillna(0) the
raw features, z-score with the bundle's means and stds (+1e-8), nan_to_num, and run the 28 -> 128 x 2 LSTM in eager
PyTorch (eval, no_grad) on a [1, 60, 28] float32 tensor.

It prints the median and p99 per candle and writes the probabilities, one per candle, for the equality check.

Usage: seed_original.py --candles data/binance/BTCUSDT-1h.csv --bundle DIR --from 8000 --count 300 --out p.csv
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))
from models import architectures  # noqa: E402
import features as reference  # noqa: E402

WINDOW_CANDLES = 500
SEQUENCE = 60


def load_model(bundle):
    """Eager PyTorch model with the bundle's weights (read from its TorchScript file's state_dict)."""
    scripted = torch.jit.load(os.path.join(bundle, "model.pt"), map_location="cpu")
    model = architectures.from_state_dict({k: v for k, v in scripted.state_dict().items()})
    model.eval()
    return model


def predict_one(model, frame, means, stds):
    """seed-spec 3.3, steps 1-7, on a 500-candle frame."""
    df = frame.copy()
    for col in ("open", "high", "low", "close", "volume"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    feats = reference.standard28(df)
    window = feats[reference.STANDARD28].iloc[-SEQUENCE:]
    window = window.ffill().fillna(0)
    z = (window.to_numpy(dtype=np.float64) - means) / (stds + 1e-8)
    z = np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)
    with torch.no_grad():
        p = model(torch.FloatTensor(z).unsqueeze(0))
    return float(p.item())


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candles", required=True)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--from", dest="start", type=int, default=8000, help="index of the first candle to predict")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=30, help="untimed candles before the timed ones")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    candles = reference.read_candles(args.candles)
    with open(os.path.join(args.bundle, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    means = np.array(manifest["scaler"]["means"], dtype=np.float64)
    stds = np.array(manifest["scaler"]["stds"], dtype=np.float64)
    model = load_model(args.bundle)
    if args.start < WINDOW_CANDLES + args.warmup - 1:
        raise SystemExit("--from must leave room for 500 candles of history and the warm-up")

    for t in range(args.start - args.warmup, args.start):
        predict_one(model, candles.iloc[t - WINDOW_CANDLES + 1:t + 1], means, stds)
    times = []
    probabilities = []
    for t in range(args.start, args.start + args.count):
        frame = candles.iloc[t - WINDOW_CANDLES + 1:t + 1]
        t0 = time.perf_counter_ns()
        p = predict_one(model, frame, means, stds)
        times.append(time.perf_counter_ns() - t0)
        probabilities.append((int(candles["open_time"].iloc[t]), p))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("open_time,probability\n")
        for open_time, p in probabilities:
            f.write("%d,%r\n" % (open_time, p))
    us = np.array(times) / 1000.0
    print("python original: %d candles, median %.1f us, p99 %.1f us (torch %s, %d threads, pandas %s, numpy %s)" % (
        len(us), np.median(us), np.percentile(us, 99), torch.__version__, torch.get_num_threads(), pd.__version__,
        np.__version__))
    print("python_median_us=%.3f" % np.median(us))


if __name__ == "__main__":
    main(sys.argv[1:])
