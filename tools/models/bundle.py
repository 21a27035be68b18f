"""Writes candlesignal model bundles (docs/model-bundle.md): ``manifest.json`` plus ``model.onnx`` and/or
``model.pt`` (TorchScript), each listed in the manifest with its SHA-256 and size.

Export contract (what the Java backends check):
- ONNX opset 17, input ``features`` float32 [batch, sequenceLength, featureCount] with a dynamic batch axis,
  output ``probability`` float32 [batch, 1];
- TorchScript via ``torch.jit.trace`` with the same input and output.

Before the manifest is written, both exports are run against the eager model (the ONNX graph through the numpy
checker in ``onnx_eval``) and must agree within 1e-5, so a broken export never becomes a bundle. The manifest is
written last, atomically, so a reader never sees a half-written bundle as complete.
"""

import datetime
import hashlib
import json
import math
import os
import struct
import tempfile
import warnings
import zipfile

import numpy as np
import onnx
import torch

from . import onnx_eval

FORMAT_NAME = "candlesignal-model"
FORMAT_VERSION = 1
OPSET = 17
INPUT_NAME = "features"
OUTPUT_NAME = "probability"
ONNX_FILE = "model.onnx"
TORCHSCRIPT_FILE = "model.pt"
EXPORT_TOLERANCE = 1e-5
DEFAULT_EPSILON = 1e-8
INTERVALS = ("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")


class BundleError(Exception):
    pass


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe_file(directory, name):
    path = os.path.join(directory, name)
    return {"file": name, "sha256": sha256_file(path), "bytes": os.path.getsize(path)}


def iso_instant(value):
    """'2026-11-21T12:00:00Z' for a datetime (naive = UTC), epoch milliseconds or an ISO string."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    elif isinstance(value, (int, np.integer)):
        value = datetime.datetime.fromtimestamp(int(value) / 1000.0, tz=datetime.timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    value = value.astimezone(datetime.timezone.utc)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += (".%06d" % value.microsecond).rstrip("0")
    return text + "Z"


def _floats(values, name):
    out = [float(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]
    for i, v in enumerate(out):
        if not math.isfinite(v):
            raise BundleError("%s[%d] must be finite but is %r" % (name, i, v))
    return out


def make_manifest(*, model_id, version, architecture, feature_set_id, columns, sequence_length, means, stds,
                  epsilon=DEFAULT_EPSILON, horizon=1, threshold=0.0, symbols, interval, trained_from, trained_to,
                  metrics=None, parent_version=None, created_at=None):
    """The manifest without its ``weights`` section, fields in the documented order, validated like Java does."""
    columns = [str(c) for c in columns]
    means = _floats(means, "scaler.means")
    stds = _floats(stds, "scaler.stds")
    if not columns:
        raise BundleError("a model needs at least one feature column")
    if len(set(columns)) != len(columns):
        raise BundleError("feature columns must be unique: %s" % columns)
    if len(means) != len(columns) or len(stds) != len(columns):
        raise BundleError("scaler has %d means and %d stds for %d columns" % (len(means), len(stds), len(columns)))
    if any(s < 0 for s in stds):
        raise BundleError("scaler stds must be >= 0: %s" % stds)
    if int(sequence_length) < 1:
        raise BundleError("sequenceLength must be >= 1 but is %r" % sequence_length)
    if int(horizon) < 1:
        raise BundleError("label horizon must be >= 1 but is %r" % horizon)
    if not (math.isfinite(threshold) and threshold > -1):
        raise BundleError("label threshold must be finite and > -1 but is %r" % threshold)
    if interval not in INTERVALS:
        raise BundleError("unknown interval %r (valid: %s)" % (interval, ", ".join(INTERVALS)))
    symbols = [str(s) for s in symbols]
    if not symbols:
        raise BundleError("training needs at least one symbol")
    trained_from, trained_to = iso_instant(trained_from), iso_instant(trained_to)
    if not datetime.datetime.fromisoformat(trained_to[:-1]) > datetime.datetime.fromisoformat(trained_from[:-1]):
        raise BundleError("training range [%s, %s) is empty" % (trained_from, trained_to))
    clean_metrics = {}
    for key, value in sorted((metrics or {}).items()):
        value = float(value)
        if not math.isfinite(value):
            raise BundleError("metric %s must be a finite number but is %r" % (key, value))
        clean_metrics[key] = value
    return {
        "format": FORMAT_NAME,
        "formatVersion": FORMAT_VERSION,
        "modelId": str(model_id),
        "version": str(version),
        "parentVersion": None if parent_version is None else str(parent_version),
        "createdAt": iso_instant(created_at or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)),
        "architecture": str(architecture),
        "featureSet": {"id": str(feature_set_id), "columns": columns},
        "sequenceLength": int(sequence_length),
        "scaler": {"type": "zscore", "means": means, "stds": stds, "epsilon": float(epsilon)},
        "label": {"horizon": int(horizon), "threshold": float(threshold)},
        "training": {"symbols": symbols, "interval": interval, "from": trained_from, "to": trained_to},
        "metrics": clean_metrics,
    }


def export_onnx(model, path, sequence_length, feature_count, fixed_batch=None, input_name=INPUT_NAME,
                output_name=OUTPUT_NAME):
    """Exports with a dynamic batch axis; ``fixed_batch`` and the names exist for test graphs only."""
    model.eval()
    example = torch.zeros(fixed_batch or 1, sequence_length, feature_count)
    dynamic = None if fixed_batch else {input_name: {0: "batch"}, output_name: {0: "batch"}}
    with warnings.catch_warnings():
        # harmless for this architecture: nn.LSTM's shape checks, and the notice that a dynamic batch axis is
        # exported for an LSTM (a batch of 64 was verified to run in ONNX Runtime)
        warnings.simplefilter("ignore")
        torch.onnx.export(model, example, path, opset_version=OPSET,
                          input_names=[input_name], output_names=[output_name],
                          dynamic_axes=dynamic, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def export_torchscript(model, path, sequence_length, feature_count):
    model.eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        traced = torch.jit.trace(model, torch.zeros(1, sequence_length, feature_count))
    traced.save(path)
    _strip_debug_records(path)


def _strip_debug_records(path):
    """Rewrites a TorchScript archive without its ``*.debug_pkl`` records.

    Those hold Python stack traces of the tracing run with absolute paths of the machine that made the file, so
    the archive would differ per checkout and leak local paths. They are optional: a module loads and runs
    without them (only JIT error messages lose source locations). Records keep PyTorch's 64-byte data alignment.
    """
    with zipfile.ZipFile(path) as src:
        records = [(info, src.read(info.filename)) for info in src.infolist()
                   if not info.filename.endswith(".debug_pkl")]
    tmp = path + ".tmp"
    with open(tmp, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as dst:
        for info, data in records:
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_STORED
            name_length = len(info.filename.encode("utf-8"))
            # local header is 30 bytes + name + extra; pad the extra field ("FB", as PyTorch's writer does) so
            # the record's data starts on a 64-byte boundary
            pad = (-(raw.tell() + 30 + name_length + 4)) % 64
            entry.extra = struct.pack("<HH", 0x4246, pad) + b"Z" * pad
            dst.writestr(entry, data)
    os.replace(tmp, path)


def probe_inputs(sequence_length, feature_count, seed=12345):
    """A few inputs every export is checked on: zeros, standard normal, saturating, batch of 3."""
    g = torch.Generator().manual_seed(seed)
    return [
        torch.zeros(1, sequence_length, feature_count),
        torch.randn(1, sequence_length, feature_count, generator=g),
        4 * torch.randn(1, sequence_length, feature_count, generator=g),
        torch.randn(3, sequence_length, feature_count, generator=g),
    ]


def check_exports(model, directory, formats, sequence_length, feature_count):
    """Runs each exported file against the eager model; returns {format: max |difference|}."""
    model.eval()
    result = {}
    for x in probe_inputs(sequence_length, feature_count):
        with torch.no_grad():
            expected = model(x).numpy().astype(np.float64)
        if "onnx" in formats:
            got = onnx_eval.run(os.path.join(directory, ONNX_FILE), {INPUT_NAME: x.numpy()})[OUTPUT_NAME]
            result["onnx"] = max(result.get("onnx", 0.0), float(np.max(np.abs(got - expected))))
            if got.shape != expected.shape:
                raise BundleError("ONNX output shape %s differs from eager %s" % (got.shape, expected.shape))
        if "torchscript" in formats:
            ts = torch.jit.load(os.path.join(directory, TORCHSCRIPT_FILE))
            with torch.no_grad():
                got = ts(x).numpy().astype(np.float64)
            result["torchscript"] = max(result.get("torchscript", 0.0), float(np.max(np.abs(got - expected))))
    for fmt, diff in result.items():
        if not diff <= EXPORT_TOLERANCE:
            raise BundleError("%s export differs from the eager model by %g (tolerance %g)" % (fmt, diff,
                                                                                           EXPORT_TOLERANCE))
    return result


def write_manifest(directory, manifest):
    """Writes manifest.json atomically (temporary file, then rename), after checking the listed weights."""
    for fmt, entry in manifest["weights"].items():
        path = os.path.join(directory, entry["file"])
        if not os.path.isfile(path):
            raise BundleError("%s weights file %s does not exist" % (fmt, path))
        if os.path.getsize(path) != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            raise BundleError("%s weights file %s does not match its manifest entry" % (fmt, path))
    text = json.dumps(manifest, indent=2, allow_nan=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".manifest", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a manifest is meant to be read by others
        os.replace(tmp, os.path.join(directory, "manifest.json"))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_bundle(model, directory, manifest, formats=("onnx", "torchscript"), force=False):
    """Exports ``model`` into ``directory`` and writes the manifest (``make_manifest``'s result).

    Returns the complete manifest, and the export check's maximum differences as ``(manifest, diffs)``.
    """
    formats = tuple(formats)
    if not formats or any(f not in ("onnx", "torchscript") for f in formats):
        raise BundleError("formats must be a non-empty subset of onnx, torchscript: %s" % (formats,))
    os.makedirs(directory, exist_ok=True)
    existing = [n for n in os.listdir(directory) if not n.startswith(".")]
    if existing and not force:
        raise BundleError("%s is not empty (%s); choose a new directory or overwrite with --force" % (directory,
                                                                                         ", ".join(sorted(existing))))
    stale = os.path.join(directory, "manifest.json")
    if os.path.exists(stale):
        os.remove(stale)  # an old manifest must never describe new weights
    seq, nf = manifest["sequenceLength"], len(manifest["featureSet"]["columns"])
    if getattr(model, "input_size", nf) != nf:
        raise BundleError("model reads %d features but the manifest lists %d columns" % (model.input_size, nf))
    model.eval()
    weights = {}
    if "onnx" in formats:
        export_onnx(model, os.path.join(directory, ONNX_FILE), seq, nf)
        weights["onnx"] = describe_file(directory, ONNX_FILE)
    if "torchscript" in formats:
        export_torchscript(model, os.path.join(directory, TORCHSCRIPT_FILE), seq, nf)
        weights["torchscript"] = describe_file(directory, TORCHSCRIPT_FILE)
    diffs = check_exports(model, directory, formats, seq, nf)
    full = dict(manifest)
    full["weights"] = weights
    write_manifest(directory, full)
    return full, diffs


def read_manifest(directory):
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def verify_bundle(directory):
    """Checks every weights file against the manifest like ModelBundle.load does; returns the manifest."""
    manifest = read_manifest(directory)
    if manifest.get("format") != FORMAT_NAME or manifest.get("formatVersion") != FORMAT_VERSION:
        raise BundleError("%s: unsupported format %r version %r" % (directory, manifest.get("format"),
                                                                    manifest.get("formatVersion")))
    for fmt, entry in manifest["weights"].items():
        path = os.path.join(directory, entry["file"])
        size = os.path.getsize(path)
        if size != entry["bytes"]:
            raise BundleError("%s weights %s has %d bytes but the manifest says %d" % (fmt, path, size,
                                                                                     entry["bytes"]))
        actual = sha256_file(path)
        if actual != entry["sha256"]:
            raise BundleError("%s weights %s has SHA-256 %s but the manifest expects %s" % (fmt, path, actual,
                                                                                          entry["sha256"]))
    return manifest
