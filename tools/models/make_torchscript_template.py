#!/usr/bin/python3
"""Regenerates the weight-free TorchScript template that signal-train's TorchScript writer fills with a Java-trained
model's weights.

    /usr/bin/python3 tools/models/make_torchscript_template.py [OUT_FILE]
    # default: <repo>/signal-train/src/main/resources/dev/candlesignal/train/export/lstm-classifier.pt

DJL can neither trace nor script, so the Java side cannot compile TorchScript. This module is compiled once, here,
with ``torch.jit.script``; its weights are plain attributes (``lstm``, ``head``: lists of tensors) that the Java
writer sets through the scripted method ``set_weights`` (DJL's ``IValueUtils.runMethod``) before saving the module
again (``JniUtils.writeModule``). One template serves both architectures and any input width:

- ``lstm``: ``[weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l1, ...]``, PyTorch's ``nn.LSTM``
  layout and gate order (i, f, g, o), read by ``torch.lstm`` (``aten::lstm``, the op a traced ``nn.LSTM`` runs);
- ``head``: ``[weight, bias, weight, bias, ...]``, linear layers with a ReLU between consecutive ones: ``[fc.weight,
  fc.bias]`` for lstm14, ``[fc.0.weight, fc.0.bias, fc.3.weight, fc.3.bias]`` for lstm28 (its dropout is the identity
  at inference);
- ``forward(x)``: ``x`` float32 ``[batch, sequence, input]``, h0 = c0 = 0, the top layer's last time step through
  the head, then a sigmoid: ``[batch, 1]`` P(up), as ``tools/models/architectures.py`` computes it.

``forward`` refuses an input whose last dimension is not the first layer's input width: libtorch's LSTM would run a
28-feature model on 14-feature rows without complaint (see docs/djl.md), and the template's weights are attributes,
not parameters, so ``DjlModel``'s parameter-based width check does not see them.

The script runs the scripting in a fresh interpreter (TorchScript's class-name mangling counts per process) and
removes the ``*.debug_pkl`` records (they hold this file's absolute path), so rerunning it reproduces the file byte
for byte.
"""

import os
import subprocess
import sys
from typing import List

import torch
from torch import Tensor, nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from models import bundle  # noqa: E402

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "signal-train", "src", "main",
                           "resources", "dev", "candlesignal", "train", "export", "lstm-classifier.pt")


class LstmClassifier(nn.Module):
    """LSTM stack -> linear layers with ReLU between them -> sigmoid, with its weights set after scripting."""

    lstm: List[Tensor]
    head: List[Tensor]
    num_layers: int
    input_size: int
    hidden_size: int

    def __init__(self):
        super().__init__()
        self.lstm = []
        self.head = []
        self.num_layers = 0
        self.input_size = 0
        self.hidden_size = 0

    @torch.jit.export
    def set_weights(self, lstm: List[Tensor], head: List[Tensor], num_layers: int) -> None:
        if num_layers < 1 or len(lstm) != 4 * num_layers:
            raise ValueError("set_weights: expected 4 LSTM tensors per layer (weight_ih, weight_hh, bias_ih, "
                             "bias_hh) for " + str(num_layers) + " layers but got " + str(len(lstm)))
        if len(head) < 2 or len(head) % 2 != 0:
            raise ValueError("set_weights: expected a weight and a bias per head layer but got "
                             + str(len(head)) + " tensors")
        self.lstm = lstm
        self.head = head
        self.num_layers = num_layers
        self.input_size = lstm[0].size(1)
        self.hidden_size = lstm[1].size(1)

    def forward(self, x: Tensor) -> Tensor:
        if x.dim() != 3 or x.size(2) != self.input_size:
            raise ValueError("expected a float32 input [batch, sequence, " + str(self.input_size) + "]")
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size, dtype=x.dtype, device=x.device)
        # has_biases, num_layers, dropout, train, bidirectional, batch_first
        out = torch.lstm(x, [h0, h0], self.lstm, True, self.num_layers, 0.0, False, False, True)
        y = out[0][:, -1, :]
        head = self.head
        n = len(head) // 2
        for k in range(n):
            y = torch.nn.functional.linear(y, head[2 * k], head[2 * k + 1])
            if k < n - 1:
                y = torch.relu(y)
        return torch.sigmoid(y)


def main(argv):
    if len(argv) == 2 and argv[0] == "--only":
        torch.jit.script(LstmClassifier().eval()).save(argv[1])
        return 0
    out = os.path.abspath(argv[0] if argv else DEFAULT_OUT)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    subprocess.run([sys.executable, os.path.abspath(__file__), "--only", tmp], check=True)
    bundle._strip_debug_records(tmp)
    os.replace(tmp, out)
    print("%s %d B (torch %s)" % (out, os.path.getsize(out), torch.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
