"""tools/convert round trip: a seed-format checkpoint made on the fly converts to a bundle whose ONNX graph and
TorchScript module compute what the eager model computes."""

import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

from models import architectures, bundle, convert, onnx_eval

def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seed_checkpoint(path, model, means, stds, **extra):
    """What scripts/train_model.py wrote (seed-spec 3.2)."""
    ckpt = {"model_state_dict": model.state_dict(), "feature_means": np.asarray(means, dtype=np.float64),
            "feature_stds": np.asarray(stds, dtype=np.float64),
            "config": {"input_size": model.input_size, "hidden_size": model.hidden_size,
                       "num_layers": model.num_layers, "dropout": 0.2, "sequence_length": 60},
            "training_info": {"epoch": 7, "val_accuracy": 0.55, "val_loss": 0.68,
                              "timestamp": "2025-03-04T05:06:07.891011"}}
    ckpt.update(extra)
    torch.save(ckpt, path)


def run_convert(*argv):
    result = subprocess.run([sys.executable, os.path.join(TOOLS, "convert")] + list(argv), capture_output=True,
                            text=True)
    return result


class ConvertTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_seed_28_feature_checkpoint_round_trip(self):
        torch.manual_seed(5)
        model = architectures.Lstm28().eval()
        means = np.linspace(-1, 1, 28)
        stds = np.linspace(0.5, 2, 28)
        seed_checkpoint(self.path("best_model.pt"), model, means, stds)
        result = run_convert(self.path("best_model.pt"), self.path("out"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("is a pickle", result.stderr)
        self.assertIn("Convert only checkpoints you trust", result.stderr)

        manifest = bundle.verify_bundle(self.path("out"))
        self.assertEqual(manifest["featureSet"]["id"], "standard28")
        self.assertEqual(manifest["featureSet"]["columns"], convert.STANDARD28_COLUMNS)
        self.assertEqual(manifest["sequenceLength"], 60)
        self.assertEqual(manifest["scaler"], {"type": "zscore", "means": means.tolist(), "stds": stds.tolist(),
                                              "epsilon": 1e-8})
        self.assertEqual(manifest["metrics"], {"seed_epoch": 7.0, "seed_val_accuracy": 0.55, "seed_val_loss": 0.68})
        self.assertEqual(manifest["training"]["to"], "2025-03-04T05:06:07Z")
        self.assertEqual(sorted(manifest["weights"]), ["onnx", "torchscript"])

        x = torch.randn(5, 60, 28, generator=torch.Generator().manual_seed(9)) * 2
        with torch.no_grad():
            expected = model(x).numpy()
            scripted = torch.jit.load(self.path("out/model.pt"))(x).numpy()
        graph = onnx_eval.run(self.path("out/model.onnx"), {"features": x.numpy()})["probability"]
        np.testing.assert_array_equal(scripted, expected)
        np.testing.assert_allclose(graph, expected, atol=1e-6)

    def test_14_feature_checkpoint_needs_a_feature_set_and_columns(self):
        torch.manual_seed(6)
        model = architectures.Lstm14().eval()
        seed_checkpoint(self.path("m14.pt"), model, np.zeros(14), np.ones(14), symbol="BTC/USDT")
        result = run_convert(self.path("m14.pt"), self.path("out"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("pass --feature-set ID", result.stderr)
        self.assertFalse(os.path.exists(self.path("out/manifest.json")))

        columns = ["c%d" % i for i in range(14)]
        result = run_convert(self.path("m14.pt"), self.path("out"), "--feature-set", "standard14/test",
                             "--columns", ",".join(columns), "--interval", "4h")
        self.assertEqual(result.returncode, 0, result.stderr)
        manifest = load_json(self.path("out/manifest.json"))
        self.assertEqual(manifest["featureSet"], {"id": "standard14/test", "columns": columns})
        self.assertEqual(manifest["training"]["symbols"], ["BTCUSDT"])
        self.assertEqual(manifest["training"]["interval"], "4h")
        x = torch.randn(3, 60, 14)
        with torch.no_grad():
            expected = model(x).numpy()
        graph = onnx_eval.run(self.path("out/model.onnx"), {"features": x.numpy()})["probability"]
        np.testing.assert_allclose(graph, expected, atol=1e-6)

    def test_wrong_column_count_and_missing_scaler_are_refused(self):
        model = architectures.Lstm14()
        seed_checkpoint(self.path("m.pt"), model, np.zeros(14), np.ones(14))
        result = run_convert(self.path("m.pt"), self.path("out"), "--feature-set", "x", "--columns", "a,b")
        self.assertEqual(result.returncode, 2)
        self.assertIn("reads 14 features but 2 columns were given", result.stderr)
        torch.save({"model_state_dict": model.state_dict(), "config": {}}, self.path("noscaler.pt"))
        result = run_convert(self.path("noscaler.pt"), self.path("out"), "--feature-set", "x", "--columns",
                             ",".join("c%d" % i for i in range(14)))
        self.assertEqual(result.returncode, 2)
        self.assertIn("no feature_means/feature_stds", result.stderr)

    def test_not_a_checkpoint(self):
        write_bytes(self.path("junk.pt"), b"not a pickle")
        result = run_convert(self.path("junk.pt"), self.path("out"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot load", result.stderr)


if __name__ == "__main__":
    unittest.main()
