#!/usr/bin/python3
"""Scores model bundles on one common set of validation windows: the Java trainer's and tools/train's (issue 15).

The two trainers validate on slightly different windows: tools/train keeps windows that span a gap in the candles,
the Java trainer leaves them out ("windows never span a gap"). To compare their accuracy without that difference,
this script rebuilds both validation sets from the same features file with tools/train's own functions (window
ends, labels, chronological split with the purge gap), keeps the windows that are in both, and scores every bundle
given on exactly those windows, each with its own scaler, through its TorchScript file.

Usage (from the repository root, Debian's /usr/bin/python3 with python3-torch and python3-pandas):
    /usr/bin/python3 benchmarks/python/same_windows.py --features F.csv --candles C.csv \
        [--java-validation N] BUNDLE_DIR...

--java-validation is the Java trainer's reported validation count: the script checks that its rebuilt Java set
has that many windows (a check that the two split rules are the same). Prints one line per bundle (log loss and
accuracy on the common windows, and on the bundle's own validation set as its manifest reports them), then the
mean and standard deviation per directory the bundles are in (one directory per trainer: java, python, ...).
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))

from models import train  # noqa: E402


def gap_free(times, ends, sequence_length, horizon, step_ms):
    """Window ends whose rows t - L + 1 .. t + horizon are consecutive candles (no gap inside or before the label)."""
    keep = []
    for t in ends:
        first, last = t - sequence_length + 1, t + horizon
        if last < len(times) and times[last] - times[first] == (last - first) * step_ms:
            keep.append(t)
    return np.array(keep, dtype=np.int64)


def score(bundle, values, closes_target, common, sequence_length):
    with open(os.path.join(bundle, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    s = manifest["scaler"]
    scaler = train.Scaler(s["means"], s["stds"], s.get("epsilon", 1e-8))
    scaled = scaler.transform(np.where(np.isfinite(values), values, 0.0))
    x = train.windows(scaled, common, sequence_length)
    model = torch.jit.load(os.path.join(bundle, manifest["weights"]["torchscript"]["file"]))
    model.eval()
    with torch.no_grad():
        prob = np.concatenate([model(torch.from_numpy(x[i:i + 256])).reshape(-1).numpy()
                               for i in range(0, len(x), 256)]).astype(np.float64)
    y = closes_target[common]
    p = np.clip(prob, 1e-7, 1 - 1e-7)
    log_loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    accuracy = float(np.mean((prob > 0.5) == (y > 0.5)))
    own = manifest.get("metrics", {})
    up_calls = float(np.mean(prob > 0.5))
    return log_loss, accuracy, own.get("val_loss", math.nan), own.get("val_accuracy", math.nan), up_calls, \
        float(np.mean(prob)), float(np.std(prob))


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True)
    ap.add_argument("--candles", required=True)
    ap.add_argument("--sequence-length", type=int, default=60)
    ap.add_argument("--horizon", type=int, default=1)
    ap.add_argument("--validation", type=float, default=0.2)
    ap.add_argument("--java-validation", type=int)
    ap.add_argument("bundles", nargs="+")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)

    times, _, values = train.read_features(a.features)
    candles = train.read_candles(a.candles)
    positions = train.align(times, candles)
    closes = candles["close"].to_numpy()
    target = train.labels(closes, positions, a.horizon, 0.0)
    ends = train.window_ends(values, target, a.sequence_length)
    purge = a.sequence_length + a.horizon
    _, python_validation = train.split(ends, a.validation, purge)
    step_ms = int(np.median(np.diff(times)))
    _, java_validation = train.split(gap_free(times, ends, a.sequence_length, a.horizon, step_ms), a.validation,
                                     purge)
    if a.java_validation is not None and len(java_validation) != a.java_validation:
        raise SystemExit("the rebuilt Java validation set has %d windows, the Java trainer reported %d: the split "
                         "rules differ" % (len(java_validation), a.java_validation))
    common = np.array(sorted(set(python_validation.tolist()) & set(java_validation.tolist())), dtype=np.int64)
    up = float(np.mean(target[common]))
    print("validation windows: tools/train %d, Java %d, in both %d (up share %.4f; always-up accuracy %.4f, "
          "base-rate log loss %.5f)" % (len(python_validation), len(java_validation), len(common), up,
                                        max(up, 1 - up), -(up * math.log(up) + (1 - up) * math.log(1 - up))))
    by_side = {}
    for b in a.bundles:
        ll, acc, own_ll, own_acc, up_calls, mean_p, sd_p = score(b, values, target, common, a.sequence_length)
        side = os.path.basename(os.path.dirname(os.path.normpath(b)))  # the directory the bundle is in
        by_side.setdefault(side, []).append((ll, acc, up_calls, sd_p))
        print("%-6s %-24s common: log loss %.5f accuracy %.4f up calls %.3f P(up) mean %.4f sd %.4f | own "
              "validation: log loss %.5f accuracy %.4f" % (side, os.path.basename(os.path.normpath(b)), ll, acc,
                                                           up_calls, mean_p, sd_p, own_ll, own_acc))
    for side, rows in by_side.items():
        ll = np.array([r[0] for r in rows])
        acc = np.array([r[1] for r in rows])
        sd = (lambda v: float(np.std(v, ddof=1)) if len(v) > 1 else math.nan)
        ups = np.array([r[2] for r in rows])
        spread = np.array([r[3] for r in rows])
        print("RESULT %s n=%d log loss %.5f (sd %.5f) accuracy %.4f (sd %.4f) up calls %.3f P(up) sd %.4f"
              % (side, len(rows), ll.mean(), sd(ll), acc.mean(), sd(acc), ups.mean(), spread.mean()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
