#!/usr/bin/python3
"""Regenerates the deliberately wrong TorchScript modules signal-djl's load and inference tests run.

    /usr/bin/python3 tools/models/make_djl_test_modules.py [OUT_DIR]
    # default: <repo>/signal-djl/src/test/resources/torchscript

They read a float32 window [batch, 60, 14] like a real model and are a few KB each:

| file           | forward(x)                                  | what the Java test expects                     |
|----------------|---------------------------------------------|------------------------------------------------|
| unbounded.pt   | x.sum(dim=(1, 2)).unsqueeze(1), [batch, 1]  | loads (the zero probe gives 0); a window of    |
|                |                                             | ones gives 840, an InferenceException          |
| flat.pt        | sigmoid(x.mean(dim=(1, 2))), shape [batch]  | load fails with SHAPE_MISMATCH                 |
| linear16.pt    | sigmoid(Linear(16, 1)(x[:, -1, :])), traced | the probe's 14-feature window is rejected by   |
|                | on [1, 60, 16]; torch.manual_seed(16)       | libtorch: load fails with SHAPE_MISMATCH       |

Each is traced in a fresh interpreter so TorchScript's per-process class-name counter cannot change the bytes.
"""

import os
import subprocess
import sys

import torch
from torch import nn


class Unbounded(nn.Module):
    def forward(self, x):
        return x.sum(dim=(1, 2)).unsqueeze(1)


class Flat(nn.Module):
    def forward(self, x):
        return torch.sigmoid(x.mean(dim=(1, 2)))


class Linear16(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(16)
        self.fc = nn.Linear(16, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc(x[:, -1, :]))


MODULES = {"unbounded.pt": (Unbounded, 14), "flat.pt": (Flat, 14), "linear16.pt": (Linear16, 16)}


def main(argv):
    if len(argv) == 3 and argv[0] == "--only":
        out_dir, name = argv[1], argv[2]
        cls, features = MODULES[name]
        module = cls().eval()
        traced = torch.jit.trace(module, torch.zeros(1, 60, features))
        traced.save(os.path.join(out_dir, name))
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.abspath(argv[0] if argv else os.path.join(
        here, "..", "..", "signal-djl", "src", "test", "resources", "torchscript"))
    os.makedirs(out_dir, exist_ok=True)
    for name in MODULES:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--only", out_dir, name], check=True)
        print("%s %d B" % (name, os.path.getsize(os.path.join(out_dir, name))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
