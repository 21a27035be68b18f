#!/usr/bin/python3
"""Times tools/train per epoch: runs ``tools/models/train.run`` with its own arguments and stamps every log line.

Usage (from the repository root, Debian's /usr/bin/python3 with python3-torch):
    /usr/bin/python3 benchmarks/python/train_timing.py [--json OUT.json] -- <tools/train arguments>

Prints one line per epoch with the seconds since the previous epoch line (the first epoch's time is counted from
the moment the training loop starts: after features, labels, split and scaler), then the manifest metrics and the
wall time of the whole run. With --json, writes {"epoch_seconds": [...], "metrics": {...}, "wall_seconds": s}.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))

from models import train  # noqa: E402


def main(argv):
    out = None
    if "--" in argv:
        split = argv.index("--")
        own, rest = argv[:split], argv[split + 1:]
    else:
        own, rest = [], argv
    if own[:1] == ["--json"]:
        out = own[1]
    args = train.parser().parse_args(rest)
    started = time.perf_counter()
    stamps = []
    loop_start = [None]

    original_fit = train.fit

    def timed_fit(*a, **k):
        loop_start[0] = time.perf_counter()
        return original_fit(*a, **k)

    train.fit = timed_fit

    def log(line):
        if line.startswith("epoch"):
            stamps.append(time.perf_counter())
        print(line, flush=True)

    full, metrics = train.run(args, log=log)
    wall = time.perf_counter() - started
    epoch_seconds = []
    previous = loop_start[0]
    for s in stamps:
        epoch_seconds.append(s - previous)
        previous = s
    for i, s in enumerate(epoch_seconds):
        print("epoch %d: %.3f s" % (i + 1, s))
    print("wall %.1f s" % wall)
    if out:
        with open(out, "w") as f:
            json.dump({"epoch_seconds": epoch_seconds, "metrics": metrics, "wall_seconds": wall}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
