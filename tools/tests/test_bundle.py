"""Bundle writing: manifest fields and order, hashes and sizes, export checks, and the numpy ONNX checker."""

import hashlib
import json
import os
import tempfile
import unittest

import numpy as np
import torch

from models import architectures, bundle, onnx_eval

def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "fixtures", "models")


def small_manifest(columns, **overrides):
    fields = dict(model_id="m", version="1", architecture="a", feature_set_id="fs", columns=columns,
                  sequence_length=5, means=[0.5] * len(columns), stds=[2.0] * len(columns), symbols=["BTCUSDT"],
                  interval="1h", trained_from="2020-01-01T00:00:00Z", trained_to="2020-02-01T00:00:00Z",
                  metrics={"val_accuracy": 0.5}, created_at="2026-11-21T00:00:00Z")
    fields.update(overrides)
    return bundle.make_manifest(**fields)


class BundleTest(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(0)
        self.model = architectures.build("lstm14", 3, hidden_size=8)
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "b")

    def tearDown(self):
        self.tmp.cleanup()

    def test_manifest_lists_each_weights_file_with_its_sha256_and_size(self):
        full, diffs = bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]))
        on_disk = load_json(os.path.join(self.dir, "manifest.json"))
        self.assertEqual(on_disk, full)
        for fmt, name in (("onnx", "model.onnx"), ("torchscript", "model.pt")):
            data = read_bytes(os.path.join(self.dir, name))
            self.assertEqual(on_disk["weights"][fmt], {"file": name, "sha256": hashlib.sha256(data).hexdigest(),
                                                       "bytes": len(data)})
        self.assertLess(diffs["onnx"], 1e-6)
        self.assertEqual(diffs["torchscript"], 0.0)

    def test_fields_are_written_in_the_documented_order(self):
        bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]))
        text = read_bytes(os.path.join(self.dir, "manifest.json")).decode()
        order = ["format", "formatVersion", "modelId", "version", "parentVersion", "createdAt", "architecture",
                 "featureSet", "sequenceLength", "scaler", "label", "training", "metrics", "weights"]
        self.assertEqual(list(json.loads(text).keys()), order)
        self.assertIn('"parentVersion": null', text)

    def test_verify_detects_a_changed_or_truncated_file(self):
        bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]))
        path = os.path.join(self.dir, "model.onnx")
        data = bytearray(read_bytes(path))
        data[-1] ^= 1
        write_bytes(path, bytes(data))
        with self.assertRaisesRegex(bundle.BundleError, "SHA-256"):
            bundle.verify_bundle(self.dir)
        write_bytes(path, bytes(data[:-10]))
        with self.assertRaisesRegex(bundle.BundleError, "bytes but the manifest says"):
            bundle.verify_bundle(self.dir)

    def test_refuses_a_non_empty_directory_unless_forced(self):
        bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]))
        with self.assertRaisesRegex(bundle.BundleError, "not empty"):
            bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]))
        bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]), force=True)

    def test_rejects_inconsistent_manifests(self):
        with self.assertRaisesRegex(bundle.BundleError, "2 means"):
            small_manifest(["x", "y", "z"], means=[0, 0])
        with self.assertRaisesRegex(bundle.BundleError, "unknown interval"):
            small_manifest(["x"], interval="60m")
        with self.assertRaisesRegex(bundle.BundleError, "empty"):
            small_manifest(["x"], trained_to="2020-01-01T00:00:00Z")
        with self.assertRaisesRegex(bundle.BundleError, "finite"):
            small_manifest(["x"], metrics={"val_accuracy": float("nan")})
        with self.assertRaisesRegex(bundle.BundleError, "reads 3 features"):
            bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y"]))

    def test_onnx_graph_has_the_documented_names_and_a_dynamic_batch(self):
        import onnx
        bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]), formats=("onnx",))
        graph = onnx.load(os.path.join(self.dir, "model.onnx")).graph
        self.assertEqual([i.name for i in graph.input], ["features"])
        self.assertEqual([o.name for o in graph.output], ["probability"])
        dims = graph.input[0].type.tensor_type.shape.dim
        self.assertEqual((dims[0].dim_param, dims[1].dim_value, dims[2].dim_value), ("batch", 5, 3))
        x = np.random.default_rng(1).normal(size=(7, 5, 3)).astype(np.float32)
        got = onnx_eval.run(os.path.join(self.dir, "model.onnx"), {"features": x})["probability"]
        with torch.no_grad():
            expected = self.model(torch.from_numpy(x)).numpy()
        self.assertEqual(got.shape, (7, 1))
        np.testing.assert_allclose(got, expected, atol=1e-6)

    def test_torchscript_carries_no_local_paths(self):
        bundle.write_bundle(self.model, self.dir, small_manifest(["x", "y", "z"]), formats=("torchscript",))
        data = read_bytes(os.path.join(self.dir, "model.pt"))
        self.assertNotIn(os.path.dirname(os.path.abspath(architectures.__file__)).encode(), data)
        self.assertNotIn(b".debug_pkl", data)


class CommittedFixturesTest(unittest.TestCase):
    """The committed fixtures verify and their reference outputs match the regenerated models."""

    def test_fixture_bundles_verify(self):
        for name in ("lstm14", "lstm14-x3", "lstm28", "lstm28-x3"):
            manifest = bundle.verify_bundle(os.path.join(FIXTURES, name))
            self.assertIn("onnx", manifest["weights"])

    def test_reference_outputs_are_the_eager_outputs_of_the_seeded_models(self):
        from models import make_fixtures
        for name, (kind, seed, scale, _) in make_fixtures.FIXTURES.items():
            ref = load_json(os.path.join(FIXTURES, name, "reference.json"))
            model = make_fixtures.make_model(kind, seed, scale)
            windows = {w["name"]: np.array(w["values"], dtype=np.float32).reshape(60, -1) for w in ref["windows"]}
            for case in ref["cases"]:
                with torch.no_grad():
                    p = float(model(torch.from_numpy(windows[case["name"]])[None])[0, 0])
                self.assertEqual(np.float32(p), np.float32(case["probability"]), "%s %s" % (name, case["name"]))


if __name__ == "__main__":
    unittest.main()
