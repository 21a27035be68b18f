"""A tiny numpy interpreter for the ONNX graphs this project exports, so the Python tools can check an exported
graph against PyTorch without onnxruntime (Debian bookworm has no python3-onnxruntime).

It implements only the operators ``torch.onnx.export`` (opset 17) emits for the two reference architectures
and refuses anything else. It computes in float64: it is a checker, not a backend. The real parity check is the
Java test suite, which runs ONNX Runtime against PyTorch's outputs committed with the fixtures.
"""

import numpy as np
import onnx
from onnx import numpy_helper


class UnsupportedGraph(Exception):
    pass


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _lstm(inputs, attrs):
    x, w, r = inputs[0], inputs[1], inputs[2]
    b = inputs[3] if len(inputs) > 3 and inputs[3] is not None else None
    if len(inputs) > 4 and inputs[4] is not None:
        raise UnsupportedGraph("LSTM with sequence_lens is not supported")
    h0 = inputs[5] if len(inputs) > 5 and inputs[5] is not None else None
    c0 = inputs[6] if len(inputs) > 6 and inputs[6] is not None else None
    if len(inputs) > 7 and inputs[7] is not None:
        raise UnsupportedGraph("LSTM with peepholes is not supported")
    if attrs.get("direction", b"forward") not in (b"forward", "forward"):
        raise UnsupportedGraph("only forward LSTMs are supported, got %r" % attrs.get("direction"))
    if attrs.get("layout", 0) != 0 or attrs.get("input_forget", 0) != 0 or "clip" in attrs:
        raise UnsupportedGraph("LSTM layout/input_forget/clip attributes are not supported: %r" % attrs)
    acts = attrs.get("activations")
    if acts and [a.decode() if isinstance(a, bytes) else a for a in acts] != ["Sigmoid", "Tanh", "Tanh"]:
        raise UnsupportedGraph("LSTM activations %r are not supported" % acts)
    hidden = attrs["hidden_size"]
    seq, batch, _ = x.shape
    w, r = w[0], r[0]  # [4H, in], [4H, H]; ONNX gate order i, o, f, c
    bias = np.zeros(8 * hidden) if b is None else b[0]
    bias = bias[:4 * hidden] + bias[4 * hidden:]
    h = np.zeros((batch, hidden)) if h0 is None else h0[0].astype(np.float64)
    c = np.zeros((batch, hidden)) if c0 is None else c0[0].astype(np.float64)
    ys = np.zeros((seq, 1, batch, hidden))
    for t in range(seq):
        z = x[t] @ w.T + h @ r.T + bias
        i = _sigmoid(z[:, 0:hidden])
        o = _sigmoid(z[:, hidden:2 * hidden])
        f = _sigmoid(z[:, 2 * hidden:3 * hidden])
        g = np.tanh(z[:, 3 * hidden:4 * hidden])
        c = f * c + i * g
        h = o * np.tanh(c)
        ys[t, 0] = h
    return [ys, h[None], c[None]]


def _slice(inputs):
    data, starts, ends = inputs[0], inputs[1], inputs[2]
    axes = inputs[3] if len(inputs) > 3 and inputs[3] is not None else np.arange(len(starts))
    steps = inputs[4] if len(inputs) > 4 and inputs[4] is not None else np.ones(len(starts), dtype=np.int64)
    index = [slice(None)] * data.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        dim = data.shape[int(a)]
        # ONNX clamps huge ends (INT64_MAX) to the dimension
        s = int(max(min(s, dim), -dim))
        e = int(max(min(e, dim), -dim - 1))
        index[int(a)] = slice(s, e, int(st))
    return [data[tuple(index)]]


def _run_node(node, inputs):
    op = node.op_type
    a = _attrs(node)
    if op == "Constant":
        return [numpy_helper.to_array(a["value"])]
    if op == "Shape":
        shape = np.array(inputs[0].shape, dtype=np.int64)
        return [shape[a.get("start", 0):a.get("end", len(shape))]]
    if op == "Gather":
        return [np.take(inputs[0], inputs[1], axis=a.get("axis", 0))]
    if op == "Unsqueeze":
        out = inputs[0]
        for axis in sorted(int(x) for x in inputs[1]):
            out = np.expand_dims(out, axis)
        return [out]
    if op == "Squeeze":
        axes = None if len(inputs) < 2 or inputs[1] is None else tuple(int(x) for x in inputs[1])
        return [np.squeeze(inputs[0], axis=axes)]
    if op == "Concat":
        return [np.concatenate([np.atleast_1d(x) for x in inputs], axis=a["axis"])]
    if op == "ConstantOfShape":
        value = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, dtype=np.float32)
        return [np.full(tuple(int(d) for d in inputs[0]), value.reshape(-1)[0], dtype=value.dtype)]
    if op == "Transpose":
        return [np.transpose(inputs[0], a.get("perm"))]
    if op == "Slice":
        return _slice(inputs)
    if op == "LSTM":
        return _lstm(inputs, a)
    if op == "Gemm":
        x, w = inputs[0], inputs[1]
        if a.get("transA", 0):
            x = x.T
        if a.get("transB", 0):
            w = w.T
        y = a.get("alpha", 1.0) * (x @ w)
        if len(inputs) > 2 and inputs[2] is not None:
            y = y + a.get("beta", 1.0) * inputs[2]
        return [y]
    if op == "Relu":
        return [np.maximum(inputs[0], 0)]
    if op == "Sigmoid":
        return [_sigmoid(inputs[0])]
    raise UnsupportedGraph("operator %s is not supported by this checker" % op)


def run(model_or_path, feeds):
    """Evaluates the graph on ``feeds`` (name -> array) and returns {output name: float64 array}."""
    model = model_or_path if isinstance(model_or_path, onnx.ModelProto) else onnx.load(model_or_path)
    values = {}
    for init in model.graph.initializer:
        array = numpy_helper.to_array(init)
        values[init.name] = array.astype(np.float64) if array.dtype.kind == "f" else array
    for name, array in feeds.items():
        values[name] = np.asarray(array, dtype=np.float64)
    for node in model.graph.node:
        ins = [values[n] if n else None for n in node.input]
        outs = _run_node(node, ins)
        for name, value in zip(node.output, outs):
            if name:
                values[name] = value
    return {o.name: values[o.name] for o in model.graph.output}
