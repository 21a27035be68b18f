#!/usr/bin/python3
"""Runs tools/train with the Java trainer's window rule: windows that span a gap in the candles are left out.

A measuring aid for issue 15, not a tool: it tells whether the accuracy difference between the two trainers comes
from the windows they train on (tools/train keeps the windows that span one of the bundled year's gaps, the Java
trainer does not) or from the implementations. Same arguments as tools/train; the only change is the window rule
(``same_windows.gap_free``), applied before the split, exactly as the Java trainer applies it.

Usage (from the repository root): /usr/bin/python3 benchmarks/python/train_gap_free.py <tools/train arguments>
(without --from/--to: the window rule reads the candle times of the whole features file).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from models import train  # noqa: E402
import same_windows  # noqa: E402


def main(argv):
    args = train.parser().parse_args(argv)
    seen = {}
    read_features = train.read_features
    window_ends = train.window_ends

    def remember_times(path):
        times, columns, values = read_features(path)
        seen["times"] = times
        return times, columns, values

    def gap_free_ends(values, target, sequence_length):
        ends = window_ends(values, target, sequence_length)
        times = seen["times"]
        step = int(np.median(np.diff(times)))
        kept = same_windows.gap_free(times, ends, sequence_length, args.horizon, step)
        print("gap-free windows: %d of %d" % (len(kept), len(ends)), flush=True)
        return kept

    train.read_features = remember_times
    train.window_ends = gap_free_ends
    train.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
