#!/usr/bin/python3
"""Regenerates fixtures/export/: raw weights and PyTorch eager outputs for signal-train's bundle-writer tests.

    /usr/bin/python3 tools/models/make_export_fixtures.py [OUT_DIR]      # default: <repo>/fixtures/export

The Java writers (ONNX graph, TorchScript, pure-Java reference forward) are checked against these outputs of the
same weights in real PyTorch (tools/models/architectures.py). To keep the files small, every weight is a multiple
of 2^-10 (a seeded random int8 ``k`` times ``weightScale``) and every input a multiple of 2^-5 (``windowScale``),
all exactly representable in float32, so the int8 values are the weights, not an approximation of them.

| fixture      | model                                   | seed  |
|--------------|-----------------------------------------|-------|
| lstm14-w14   | Lstm14(14, 64, 2), the reference set    | 1414  |
| lstm14-w7    | Lstm14(7, 64, 2), a custom 7-column set | 1407  |
| lstm28-w28   | Lstm28(28, 128, 2, head 64)             | 2828  |
| tiny-lstm14  | Lstm14(3, 4, 1 layer)                   | 3     |
| tiny-lstm28  | Lstm28(3, 4, 2, head 5)                 | 5     |

Each ``NAME.bin`` holds the int8 weights in state_dict order, then the int8 windows (``windows`` x
``sequenceLength`` x ``inputSize``, row-major). ``NAME.json`` describes both and holds, per weight ``scale`` (1 and
the x3 stress variant, which multiplies every weight by 3, exactly), PyTorch's outputs: ``batch1`` (each window on
its own, float32), ``batch8`` (windows in batches of 8, float32) and ``float64`` (the model in double precision, the
value the Java reference forward is held to). Numbers are written as the shortest decimal that reads back to the
same double. Rerunning the script reproduces every file byte for byte.
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from models import architectures  # noqa: E402

WEIGHT_SCALE = 2.0 ** -10
WINDOW_SCALE = 2.0 ** -5
WINDOWS = 16
BATCH = 8
SCALES = (1.0, 3.0)

FIXTURES = {
    # name: (architecture, input size, hidden, layers, head, seed, sequence length)
    "lstm14-w14": ("lstm14", 14, 64, 2, 0, 1414, 24),
    "lstm14-w7": ("lstm14", 7, 64, 2, 0, 1407, 24),
    "lstm28-w28": ("lstm28", 28, 128, 2, 64, 2828, 24),
    "tiny-lstm14": ("lstm14", 3, 4, 1, 0, 3, 5),
    "tiny-lstm28": ("lstm28", 3, 4, 2, 5, 5, 5),
}


def build(kind, input_size, hidden, layers, head):
    if kind == "lstm14":
        return architectures.Lstm14(input_size, hidden, layers)
    return architectures.Lstm28(input_size, hidden, layers, 0.2, head)


def make(name, out_dir):
    kind, input_size, hidden, layers, head, seed, seq = FIXTURES[name]
    rng = np.random.default_rng(seed)
    model = build(kind, input_size, hidden, layers, head).eval()
    state = model.state_dict()
    tensors, ints = [], []
    for key, value in state.items():
        k = rng.integers(-127, 128, size=tuple(value.shape), dtype=np.int64).astype(np.int8)
        ints.append(k.reshape(-1))
        tensors.append({"name": key, "shape": list(value.shape)})
    window_ints = np.clip(np.rint(rng.standard_normal((WINDOWS, seq, input_size)) / WINDOW_SCALE), -127, 127)
    window_ints = window_ints.astype(np.int8)
    windows = torch.from_numpy(window_ints.astype(np.float32) * np.float32(WINDOW_SCALE))

    cases = []
    for scale in SCALES:
        with torch.no_grad():
            for (key, value), k in zip(state.items(), ints):
                value.copy_(torch.from_numpy(k.astype(np.float32).reshape(value.shape)
                                             * np.float32(WEIGHT_SCALE * scale)))
            model.load_state_dict(state)
            batch1 = [model(windows[i:i + 1])[0, 0].item() for i in range(WINDOWS)]
            batch8 = torch.cat([model(windows[i:i + BATCH]) for i in range(0, WINDOWS, BATCH)])[:, 0].tolist()
            double = build(kind, input_size, hidden, layers, head).double().eval()
            double.load_state_dict({k: v.double() for k, v in state.items()})
            float64 = double(windows.double())[:, 0].tolist()
        cases.append({"scale": scale, "batch1": batch1, "batch8": batch8, "float64": float64})

    with open(os.path.join(out_dir, name + ".bin"), "wb") as f:
        for k in ints:
            f.write(k.tobytes())
        f.write(window_ints.tobytes())
    meta = {
        "architecture": kind,
        "describe": model.describe(),
        "inputSize": input_size,
        "hiddenSize": hidden,
        "numLayers": layers,
        "headSize": head,
        "seed": seed,
        "weightScale": WEIGHT_SCALE,
        "tensors": tensors,
        "windows": WINDOWS,
        "sequenceLength": seq,
        "windowScale": WINDOW_SCALE,
        "batch": BATCH,
        "torch": torch.__version__,
        "cases": cases,
    }
    with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    return os.path.getsize(os.path.join(out_dir, name + ".bin"))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.abspath(argv[0] if argv else os.path.join(here, "..", "..", "fixtures", "export"))
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for name in FIXTURES:
        size = make(name, out_dir)
        print("%s: %d B of int8 weights and windows" % (name, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
