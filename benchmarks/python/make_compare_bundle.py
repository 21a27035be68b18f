#!/usr/bin/python3
"""Makes the bundle benchmarks/compare.sh runs on both sides: the seed architecture's weights from
fixtures/models/lstm28-x3 (ONNX for Java, TorchScript for Python) with a z-score scaler fitted, as the seed's trainer
would, on the standard28 features of the first --fit-rows candles (so the LSTM sees realistic inputs).

Usage: make_compare_bundle.py --candles data/binance/BTCUSDT-1h.csv --out DIR [--fit-rows 6000]
"""

import argparse
import os
import shutil
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))
from models import bundle  # noqa: E402
import features as reference  # noqa: E402

WEIGHTS = os.path.join(ROOT, "fixtures", "models", "lstm28-x3")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candles", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fit-rows", type=int, default=6000)
    args = ap.parse_args(argv)

    candles = reference.read_candles(args.candles)
    feats = reference.standard28(candles).to_numpy(dtype=np.float64)[:args.fit_rows]
    rows = feats[np.isfinite(feats).all(axis=1)]
    means, stds = rows.mean(axis=0), rows.std(axis=0)
    os.makedirs(args.out, exist_ok=True)
    for name in ("model.onnx", "model.pt"):
        shutil.copyfile(os.path.join(WEIGHTS, name), os.path.join(args.out, name))
    open_times = candles["open_time"]
    manifest = bundle.make_manifest(
        model_id="compare-lstm28", version="1", architecture="lstm(input=28, hidden=128, layers=2) -> mlp(64) (seed)",
        feature_set_id="standard28", columns=reference.STANDARD28, sequence_length=60, means=means, stds=stds,
        symbols=["BTCUSDT"], interval="1h", trained_from=int(open_times.iloc[0]),
        trained_to=int(open_times.iloc[args.fit_rows - 1]) + 3_600_000)
    manifest["weights"] = {
        "onnx": bundle.describe_file(args.out, "model.onnx"),
        "torchscript": bundle.describe_file(args.out, "model.pt"),
    }
    bundle.write_manifest(args.out, manifest)
    print("wrote %s (scaler fitted on %d fully defined rows)" % (args.out, len(rows)))


if __name__ == "__main__":
    main(sys.argv[1:])
