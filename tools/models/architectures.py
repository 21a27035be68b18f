"""The two reference LSTM architectures candlesignal runs.

Both read a float32 window [batch, sequence, features] (oldest candle first, already z-scored) and return
P(up) as [batch, 1] after a sigmoid. h0 = c0 = 0; the prediction is read from the top layer's last time step.

- ``Lstm14``: the seed's 14-feature model (models-README): LSTM(14, 64, 2 layers) -> Linear(64, 1) -> sigmoid.
- ``Lstm28``: the seed's 28-feature model (seed-spec 3.1): LSTM(28, 128, 2 layers, dropout 0.2) ->
  Linear(128, 64) -> ReLU -> Dropout(0.2) -> Linear(64, 1) -> sigmoid. Its state_dict keys are the seed's
  (``lstm.*``, ``fc.0.*``, ``fc.3.*``), so seed checkpoints load into it unchanged.

Input size, hidden size and depth are parameters so that ``tools/train`` can fit either shape to any feature set;
the defaults are the reference configurations.
"""

import torch
from torch import nn

ARCHITECTURES = ("lstm14", "lstm28")


class Lstm14(nn.Module):
    """LSTM(input, hidden, layers) -> Linear(hidden, 1) -> sigmoid; reference: 14 -> 64 x 2."""

    kind = "lstm14"

    def __init__(self, input_size=14, hidden_size=64, num_layers=2, dropout=0.0):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers, batch_first=True,
                            dropout=dropout if num_layers > 1 else 0.0)
        self.fc = nn.Linear(hidden_size, 1)
        self.sig = nn.Sigmoid()

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.sig(self.fc(out[:, -1, :]))

    def describe(self):
        return "lstm(input=%d, hidden=%d, layers=%d%s) -> linear(%d, 1) -> sigmoid" % (
            self.input_size, self.hidden_size, self.num_layers,
            ", dropout=%g" % self.dropout if self.dropout else "", self.hidden_size)


class Lstm28(nn.Module):
    """The seed's LSTMModel: LSTM -> Linear(hidden, head) -> ReLU -> Dropout -> Linear(head, 1) -> sigmoid."""

    kind = "lstm28"

    def __init__(self, input_size=28, hidden_size=128, num_layers=2, dropout=0.2, head_size=64):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.head_size = head_size
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers, batch_first=True,
                            dropout=dropout if num_layers > 1 else 0.0)
        # indices 0 and 3 carry weights: the seed's state_dict keys are fc.0.* and fc.3.*
        self.fc = nn.Sequential(
            nn.Linear(hidden_size, head_size),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(head_size, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])

    def describe(self):
        return ("lstm(input=%d, hidden=%d, layers=%d, dropout=%g) -> linear(%d, %d) -> relu -> dropout(%g)"
                " -> linear(%d, 1) -> sigmoid") % (
            self.input_size, self.hidden_size, self.num_layers, self.dropout, self.hidden_size,
            self.head_size, self.dropout, self.head_size)


def build(kind, input_size, hidden_size=None, num_layers=None, dropout=None):
    """An architecture by name ('lstm14' or 'lstm28'); None keeps the reference value."""
    if kind == "lstm14":
        return Lstm14(input_size,
                      64 if hidden_size is None else hidden_size,
                      2 if num_layers is None else num_layers,
                      0.0 if dropout is None else dropout)
    if kind == "lstm28":
        return Lstm28(input_size,
                      128 if hidden_size is None else hidden_size,
                      2 if num_layers is None else num_layers,
                      0.2 if dropout is None else dropout)
    raise ValueError("unknown architecture %r (expected one of %s)" % (kind, ", ".join(ARCHITECTURES)))


def from_state_dict(state_dict, dropout=None):
    """Rebuilds the architecture a state_dict belongs to, reading sizes from the tensor shapes.

    Shapes are the truth: the seed read hyper-parameters from its config and ignored the checkpoint's own
    (seed-spec 3.1), so a checkpoint's ``config`` may disagree with its weights.
    """
    keys = set(state_dict.keys())
    if "lstm.weight_ih_l0" not in keys:
        raise ValueError("not an LSTM state_dict: no 'lstm.weight_ih_l0' among keys %s" % sorted(keys))
    w_ih = state_dict["lstm.weight_ih_l0"]
    hidden = w_ih.shape[0] // 4
    input_size = w_ih.shape[1]
    layers = 0
    while "lstm.weight_ih_l%d" % layers in keys:
        layers += 1
    if {"fc.0.weight", "fc.3.weight"} <= keys:
        head = state_dict["fc.0.weight"].shape[0]
        model = Lstm28(input_size, hidden, layers, 0.2 if dropout is None else dropout, head)
    elif "fc.weight" in keys:
        model = Lstm14(input_size, hidden, layers, 0.0 if dropout is None else dropout)
    else:
        raise ValueError("unknown head: expected fc.0/fc.3 (28-feature seed model) or fc (14-feature model) "
                         "but the state_dict has %s" % sorted(k for k in keys if not k.startswith("lstm.")))
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    if missing or unexpected:
        raise ValueError("state_dict does not fit %s: missing %s, unexpected %s" % (
            model.describe(), missing, unexpected))
    return model


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())


def scale_parameters(model, factor):
    """Multiplies every parameter by ``factor`` in place (the x3 stress variants of the fixtures)."""
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(factor)
    return model
