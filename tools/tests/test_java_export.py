"""The ONNX graphs signal-train writes in Java (OnnxLstmGraph) against the ONNX project's checker and PyTorch.

The graphs are the golden files fixtures/export/tiny-lstm14.onnx and tiny-lstm28.onnx, which the Java test
OnnxLstmGraphTest regenerates (-Dexport.updateGolden=true) and compares byte for byte with the writer's output, from
the weights in fixtures/export/tiny-*.bin (tools/models/make_export_fixtures.py).
"""

import json
import os
import unittest

import numpy as np
import onnx
import torch

from models import architectures, onnx_eval

EXPORT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "fixtures", "export")
NAMES = ("tiny-lstm14", "tiny-lstm28")


def load_fixture(name):
    with open(os.path.join(EXPORT, name + ".json"), encoding="utf-8") as f:
        meta = json.load(f)
    raw = np.fromfile(os.path.join(EXPORT, name + ".bin"), dtype=np.int8)
    return meta, raw


def torch_model(meta, raw):
    """The fixture's model in PyTorch at weight scale 1 (as the golden graphs were written)."""
    if meta["architecture"] == "lstm14":
        model = architectures.Lstm14(meta["inputSize"], meta["hiddenSize"], meta["numLayers"])
    else:
        model = architectures.Lstm28(meta["inputSize"], meta["hiddenSize"], meta["numLayers"], 0.2, meta["headSize"])
    state, at = {}, 0
    for t in meta["tensors"]:
        n = int(np.prod(t["shape"]))
        state[t["name"]] = torch.from_numpy(raw[at:at + n].astype(np.float32).reshape(t["shape"])
                                            * np.float32(meta["weightScale"]))
        at += n
    model.load_state_dict(state)
    windows = raw[at:].astype(np.float32).reshape(meta["windows"], meta["sequenceLength"], meta["inputSize"])
    return model.eval(), windows * np.float32(meta["windowScale"])


class JavaWrittenOnnxTest(unittest.TestCase):

    def read(self, name):
        with open(os.path.join(EXPORT, name + ".onnx"), "rb") as f:
            return f.read()

    def test_the_onnx_checker_accepts_the_graphs_with_full_check(self):
        for name in NAMES:
            with self.subTest(name):
                onnx.checker.check_model(onnx.load_from_string(self.read(name)), full_check=True)

    def test_the_encoding_is_protobufs_canonical_one(self):
        for name in NAMES:
            with self.subTest(name):
                data = self.read(name)
                self.assertEqual(onnx.load_from_string(data).SerializeToString(), data)

    def test_the_graphs_declare_the_bundle_contract(self):
        for name in NAMES:
            with self.subTest(name):
                meta, _ = load_fixture(name)
                model = onnx.load_from_string(self.read(name))
                self.assertEqual(model.ir_version, 8)
                self.assertEqual([(o.domain, o.version) for o in model.opset_import], [("", 17)])
                self.assertEqual(model.doc_string, meta["describe"])
                (graph_input,) = model.graph.input
                (graph_output,) = model.graph.output
                self.assertEqual(graph_input.name, "features")
                self.assertEqual(graph_output.name, "probability")
                dims = [d.dim_param or d.dim_value for d in graph_input.type.tensor_type.shape.dim]
                self.assertEqual(dims, ["batch", meta["sequenceLength"], meta["inputSize"]])
                dims = [d.dim_param or d.dim_value for d in graph_output.type.tensor_type.shape.dim]
                self.assertEqual(dims, ["batch", 1])
                self.assertEqual(graph_input.type.tensor_type.elem_type, onnx.TensorProto.FLOAT)
                ops = [n.op_type for n in model.graph.node]
                self.assertEqual(ops.count("LSTM"), meta["numLayers"])

    def test_the_graphs_compute_what_pytorch_computes(self):
        for name in NAMES:
            with self.subTest(name):
                meta, raw = load_fixture(name)
                model, windows = torch_model(meta, raw)
                with torch.no_grad():
                    expected = model(torch.from_numpy(windows)).numpy().astype(np.float64)
                got = onnx_eval.run(onnx.load_from_string(self.read(name)), {"features": windows})["probability"]
                self.assertEqual(got.shape, expected.shape)
                self.assertLess(float(np.max(np.abs(got - expected))), 1e-6)
                self.assertLess(float(np.max(np.abs(got[:, 0] - np.asarray(meta["cases"][0]["float64"])))), 1e-9)


if __name__ == "__main__":
    unittest.main()
