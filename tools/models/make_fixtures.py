#!/usr/bin/python3
"""Regenerates the committed model fixtures under fixtures/models/ (random weights, not trained models).

    /usr/bin/python3 tools/models/make_fixtures.py [OUT_DIR]      # default: <repo>/fixtures/models

Four bundles, each with a ``reference.json`` holding inputs and PyTorch 1.13 eager outputs:

| bundle      | weights                                                  | files              |
|-------------|----------------------------------------------------------|--------------------|
| lstm14      | Lstm14 (14 -> 64 x 2 -> 1), torch.manual_seed(14), default init | onnx               |
| lstm14-x3   | the same, every parameter x 3 (stress: outputs spread)   | onnx, torchscript  |
| lstm28      | Lstm28 (seed 28-feature model), torch.manual_seed(28)    | onnx               |
| lstm28-x3   | the same, every parameter x 3                            | onnx, torchscript  |

The plain random-init models are the "model A" / "model B" of inference-measurements.md (same seeds, same bytes
of ONNX). Their outputs all sit near 0.5, a weak test, so the x3 stress variants carry the TorchScript copy the
DJL backend tests against; the plain ones are ONNX only to keep the fixtures small.

Under ``test-graphs/`` are tiny bundles (LSTM(3, 4), a few KB each) for the Java loader's error paths: ``tiny``
(valid, with a reference), ``tiny-fixed3`` (the same weights with a fixed batch of 3), ``tiny-names`` (graph
input/output named x/y), ``tiny-unbounded`` (no sigmoid; a zero window gives 0.5, others leave [0, 1]) and
``tiny-logit5`` (no sigmoid; a zero window gives 5).

Feature sets: the 28-feature bundles name ``standard28`` with the seed's 28 column names (seed-spec 2.1), so they
can stand in for a real model in pipeline smoke tests. The 14-feature bundles name the test-only set
``fixture14`` whose columns the test kit's ``Fixture14FeatureSet`` computes. Scalers are the identity (mean 0,
std 1, epsilon 0). Each bundle is exported in a fresh interpreter so TorchScript's class-name mangling (which
counts traces per process) cannot change the bytes between runs: rerunning the script reproduces every file.
"""

import json
import math
import os
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from models import architectures, bundle  # noqa: E402

SEQUENCE_LENGTH = 60
CREATED_AT = "2026-11-21T00:00:00Z"

STANDARD28_COLUMNS = [
    "returns", "log_returns", "price_sma_7_ratio", "price_sma_21_ratio", "price_sma_50_ratio", "atr_14",
    "bb_width", "bb_position", "volatility_14", "volatility_30", "rsi_14", "stoch_k", "stoch_d", "macd",
    "macd_signal", "macd_hist", "roc_10", "roc_20", "williams_r", "volume_ratio", "adx", "plus_di", "minus_di",
    "trend_7", "trend_14", "candle_body_ratio", "higher_high", "lower_low",
]

# must equal dev.candlesignal.testkit.Fixture14FeatureSet's id and columns
FIXTURE14_ID = "fixture14"
FIXTURE14_COLUMNS = [
    "ret_1", "ret_2", "ret_3", "ret_5", "ret_8", "ret_13", "range_pct", "body_pct", "upper_wick_pct",
    "lower_wick_pct", "log_volume", "volume_change", "sma_ratio_5", "sma_ratio_10",
]

FIXTURES = {
    # name: (architecture, seed, parameter scale, formats)
    "lstm14": ("lstm14", 14, 1.0, ("onnx",)),
    "lstm14-x3": ("lstm14", 14, 3.0, ("onnx", "torchscript")),
    "lstm28": ("lstm28", 28, 1.0, ("onnx",)),
    "lstm28-x3": ("lstm28", 28, 3.0, ("onnx", "torchscript")),
}


def make_model(kind, seed, scale):
    torch.manual_seed(seed)  # just before construction, as in inference-measurements.md section 1
    model = architectures.build(kind, 14 if kind == "lstm14" else 28)
    if scale != 1.0:
        architectures.scale_parameters(model, scale)
    return model.eval()


def float32_text(value):
    """Shortest decimal that reads back (decimal -> double -> float, as Java's JSON reader does) to ``value``."""
    f = np.float32(value)
    text = np.format_float_positional(f, unique=True, trim="-")
    if np.float32(float(text)) != f:
        text = repr(float(f))
        if np.float32(float(text)) != f:
            raise AssertionError("cannot print %r exactly" % f)
    return text


def reference_windows(feature_count, seed):
    """Eight windows: zeros, randn, 4 x randn (saturating), a sine ramp, and randn at four scales.

    Values are rounded to 4 decimals before the float32 cast so the committed text stays short; what PyTorch saw
    is exactly the float32 value written.
    """
    g = torch.Generator().manual_seed(seed)
    shape = (SEQUENCE_LENGTH, feature_count)

    def randn(scale):
        return torch.round(scale * torch.randn(shape, generator=g) * 1e4) / 1e4

    t = torch.arange(SEQUENCE_LENGTH, dtype=torch.float64).unsqueeze(1)
    f = torch.arange(feature_count, dtype=torch.float64).unsqueeze(0)
    ramp = (1 + 2 * t / SEQUENCE_LENGTH) * torch.sin(2 * math.pi * t / 20 + 0.7 * f)
    windows = [
        ("zeros", torch.zeros(shape)),
        ("randn", randn(1.0)),
        ("randn_x4", randn(4.0)),
        ("sin_ramp", torch.round(ramp * 1e4).float() / 1e4),
        ("randn_x0.5", randn(0.5)),
        ("randn_x1.5", randn(1.5)),
        ("randn_x2", randn(2.0)),
        ("randn_x3", randn(3.0)),
    ]
    return [(name, w.float()) for name, w in windows]


def reference(model, name, kind, seed, scale):
    feature_count = model.input_size
    windows = reference_windows(feature_count, 1000 + feature_count)
    with torch.no_grad():
        singles = [float(model(w.unsqueeze(0))[0, 0]) for _, w in windows]
        batch = model(torch.stack([w for _, w in windows]))[:, 0].tolist()
    return {
        "description": "inputs and PyTorch %s eager outputs (float32) for fixture bundle %s: %s, "
                       "torch.manual_seed(%d), parameters x %g" % (torch.__version__, name, kind, seed, scale),
        "generatedBy": "tools/models/make_fixtures.py",
        "sequenceLength": SEQUENCE_LENGTH,
        "featureCount": feature_count,
        "windows": [{"name": n, "values": [float32_text(v) for v in w.reshape(-1).tolist()]} for n, w in windows],
        "cases": [{"name": n, "probability": float32_text(p)} for (n, _), p in zip(windows, singles)],
        "batches": [{"name": "batch8", "windows": [n for n, _ in windows],
                     "probabilities": [float32_text(p) for p in batch]}],
    }


def write_reference(path, ref):
    """JSON with numbers printed as the exact float32 decimals; one window per line."""
    lines = ["{"]
    for key in ("description", "generatedBy", "sequenceLength", "featureCount"):
        lines.append("  %s: %s," % (json.dumps(key), json.dumps(ref[key])))
    lines.append('  "windows": [')
    for i, w in enumerate(ref["windows"]):
        lines.append('    {"name": %s, "values": [%s]}%s' % (json.dumps(w["name"]), ", ".join(w["values"]),
                                                            "," if i + 1 < len(ref["windows"]) else ""))
    lines.append("  ],")
    lines.append('  "cases": [')
    for i, c in enumerate(ref["cases"]):
        lines.append('    {"name": %s, "probability": %s}%s' % (json.dumps(c["name"]), c["probability"],
                                                                "," if i + 1 < len(ref["cases"]) else ""))
    lines.append("  ],")
    lines.append('  "batches": [')
    for i, b in enumerate(ref["batches"]):
        lines.append('    {"name": %s, "windows": %s, "probabilities": [%s]}%s' % (
            json.dumps(b["name"]), json.dumps(b["windows"]), ", ".join(b["probabilities"]),
            "," if i + 1 < len(ref["batches"]) else ""))
    lines.append("  ]")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # well-formed
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_one(out_root, name):
    kind, seed, scale, formats = FIXTURES[name]
    model = make_model(kind, seed, scale)
    nf = model.input_size
    if kind == "lstm28":
        feature_set, columns = "standard28", STANDARD28_COLUMNS
    else:
        feature_set, columns = FIXTURE14_ID, FIXTURE14_COLUMNS
    manifest = bundle.make_manifest(
        model_id="fixture-%s" % name, version="1", architecture=model.describe()
        + (" (random weights x %g)" % scale if scale != 1.0 else " (random weights)"),
        feature_set_id=feature_set, columns=columns, sequence_length=SEQUENCE_LENGTH,
        means=[0.0] * nf, stds=[1.0] * nf, epsilon=0.0, horizon=1, threshold=0.0,
        symbols=["BTCUSDT"], interval="1h", trained_from="2000-01-01T00:00:00Z", trained_to="2000-01-02T00:00:00Z",
        metrics={}, created_at=CREATED_AT)
    directory = os.path.join(out_root, name)
    for stale in ("manifest.json", bundle.ONNX_FILE, bundle.TORCHSCRIPT_FILE, "reference.json"):
        if os.path.exists(os.path.join(directory, stale)):
            os.remove(os.path.join(directory, stale))
    full, diffs = bundle.write_bundle(model, directory, manifest, formats=formats)
    ref = reference(model, name, kind, seed, scale)
    write_reference(os.path.join(directory, "reference.json"), ref)
    probs = [float(c["probability"]) for c in ref["cases"]]
    print("%-10s %s  outputs %.4f .. %.4f  export check max|diff| %s" % (
        name, ", ".join("%s %d B" % (k, v["bytes"]) for k, v in full["weights"].items()), min(probs), max(probs),
        ", ".join("%s %.2g" % kv for kv in sorted(diffs.items()))))


# ------------------------------------------------------------------------------------------------ test graphs
# Tiny bundles (a few KB) for the Java loader's error paths: LSTM(3, 4, 1 layer), sequence length 5, feature
# set "tiny3" (columns a, b, c), identity scaler.

TINY_SEQUENCE_LENGTH = 5
TINY_COLUMNS = ["a", "b", "c"]


class TinyUnbounded(torch.nn.Module):
    """LSTM -> Linear with no sigmoid: outputs are not probabilities except where the test wants them to be."""

    input_size = 3

    def __init__(self, bias):
        super().__init__()
        self.lstm = torch.nn.LSTM(3, 4, num_layers=1, batch_first=True)
        self.fc = torch.nn.Linear(4, 1)
        with torch.no_grad():
            for name, p in self.lstm.named_parameters():
                if name.startswith("bias"):
                    p.zero_()  # a zero window then gives h = 0 and the output is exactly fc.bias
            self.fc.weight.mul_(10)
            self.fc.bias.fill_(bias)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


def tiny_model():
    torch.manual_seed(7)
    return architectures.scale_parameters(architectures.build("lstm14", 3, hidden_size=4, num_layers=1), 3.0).eval()


def tiny_manifest(model_id, architecture):
    return bundle.make_manifest(
        model_id=model_id, version="1", architecture=architecture, feature_set_id="tiny3", columns=TINY_COLUMNS,
        sequence_length=TINY_SEQUENCE_LENGTH, means=[0.0] * 3, stds=[1.0] * 3, epsilon=0.0, symbols=["BTCUSDT"],
        interval="1h", trained_from="2000-01-01T00:00:00Z", trained_to="2000-01-02T00:00:00Z", metrics={},
        created_at=CREATED_AT)


def raw_onnx_bundle(directory, model, manifest, **export_args):
    """A bundle whose graph deliberately breaks the export contract (so write_bundle's checks are bypassed)."""
    os.makedirs(directory, exist_ok=True)
    for stale in os.listdir(directory):
        os.remove(os.path.join(directory, stale))
    bundle.export_onnx(model, os.path.join(directory, bundle.ONNX_FILE), TINY_SEQUENCE_LENGTH, 3, **export_args)
    full = dict(manifest)
    full["weights"] = {"onnx": bundle.describe_file(directory, bundle.ONNX_FILE)}
    bundle.write_manifest(directory, full)


def tiny_reference(model, name):
    g = torch.Generator().manual_seed(77)
    shape = (TINY_SEQUENCE_LENGTH, 3)
    windows = [("zeros", torch.zeros(shape))] + [
        ("randn_%d" % i, torch.round(2 * torch.randn(shape, generator=g) * 1e4) / 1e4) for i in range(6)]
    with torch.no_grad():
        singles = [float(model(w.unsqueeze(0))[0, 0]) for _, w in windows]
        batch = model(torch.stack([w for _, w in windows]))[:, 0].tolist()
    return {
        "description": "inputs and PyTorch %s eager outputs for test graph %s" % (torch.__version__, name),
        "generatedBy": "tools/models/make_fixtures.py",
        "sequenceLength": TINY_SEQUENCE_LENGTH,
        "featureCount": 3,
        "windows": [{"name": n, "values": [float32_text(v) for v in w.reshape(-1).tolist()]} for n, w in windows],
        "cases": [{"name": n, "probability": float32_text(p)} for (n, _), p in zip(windows, singles)],
        "batches": [{"name": "batch7", "windows": [n for n, _ in windows],
                     "probabilities": [float32_text(p) for p in batch]}],
    }


def make_test_graphs(out_root):
    root = os.path.join(out_root, "test-graphs")
    model = tiny_model()
    desc = model.describe() + " (random weights x 3)"
    # a valid bundle with a dynamic batch axis, and the same weights with a fixed batch of 3
    directory = os.path.join(root, "tiny")
    for stale in ("manifest.json", bundle.ONNX_FILE, "reference.json"):
        if os.path.exists(os.path.join(directory, stale)):
            os.remove(os.path.join(directory, stale))
    bundle.write_bundle(model, directory, tiny_manifest("test-tiny", desc), formats=("onnx",))
    write_reference(os.path.join(directory, "reference.json"), tiny_reference(model, "tiny"))
    raw_onnx_bundle(os.path.join(root, "tiny-fixed3"), model, tiny_manifest("test-tiny-fixed3", desc + ", batch 3"),
                    fixed_batch=3)
    # graph input/output named x/y instead of features/probability
    raw_onnx_bundle(os.path.join(root, "tiny-names"), model, tiny_manifest("test-tiny-names", desc),
                    input_name="x", output_name="y")
    # no sigmoid: a zero window gives exactly 0.5 (loads), other windows give values outside [0, 1]
    torch.manual_seed(8)
    raw_onnx_bundle(os.path.join(root, "tiny-unbounded"), TinyUnbounded(0.5).eval(),
                    tiny_manifest("test-tiny-unbounded", "lstm(3, 4) -> linear(4, 1), no sigmoid"))
    # no sigmoid and a zero window gives 5: the load-time trial run must refuse it
    torch.manual_seed(8)
    raw_onnx_bundle(os.path.join(root, "tiny-logit5"), TinyUnbounded(5.0).eval(),
                    tiny_manifest("test-tiny-logit5", "lstm(3, 4) -> linear(4, 1), no sigmoid, bias 5"))
    print("test graphs in %s" % root)


def main(argv):
    if len(argv) == 3 and argv[0] == "--only":
        if argv[2] == "test-graphs":
            make_test_graphs(argv[1])
        else:
            make_one(argv[1], argv[2])
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    out_root = argv[0] if argv else os.path.join(here, "..", "..", "fixtures", "models")
    out_root = os.path.abspath(out_root)
    os.makedirs(out_root, exist_ok=True)
    for name in list(FIXTURES) + ["test-graphs"]:
        # a fresh interpreter per bundle: reproducible TorchScript bytes (see the module docstring)
        subprocess.run([sys.executable, os.path.abspath(__file__), "--only", out_root, name], check=True)
    total = 0
    for dirpath, _, files in os.walk(out_root):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    print("fixtures in %s: %d bytes" % (out_root, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
