"""``tools/convert CHECKPOINT OUT_DIR``: turns a seed bot checkpoint into a candlesignal model bundle.

A seed checkpoint (seed-spec 3.2) is a ``torch.save`` pickle holding ``model_state_dict``, ``feature_means`` and
``feature_stds`` (numpy float64), ``config`` and optionally ``training_info``, ``symbol`` and ``timestamp``. The
bundle carries the same weights as ONNX and TorchScript plus a JSON manifest, and no pickle: it is safe to load.

Unpickling runs code stored in the file, so this converter warns before loading and must only be given
checkpoints from a trusted source (ideally converted once, offline, in a sandbox).
"""

import argparse
import datetime
import os
import sys

import numpy as np
import torch

from . import architectures, bundle

STANDARD28 = "standard28"
STANDARD28_COLUMNS = [
    "returns", "log_returns", "price_sma_7_ratio", "price_sma_21_ratio", "price_sma_50_ratio", "atr_14",
    "bb_width", "bb_position", "volatility_14", "volatility_30", "rsi_14", "stoch_k", "stoch_d", "macd",
    "macd_signal", "macd_hist", "roc_10", "roc_20", "williams_r", "volume_ratio", "adx", "plus_di", "minus_di",
    "trend_7", "trend_14", "candle_body_ratio", "higher_high", "lower_low",
]
SEED_EPSILON = 1e-8
SEED_SYMBOL = "BTCUSDT"     # config.yaml data.symbol BTC/USDT (seed-spec 1.1)
SEED_INTERVAL = "1h"        # config.yaml data.interval
SEED_SEQUENCE_LENGTH = 60

PICKLE_WARNING = (
    "WARNING: %s is a pickle (torch.save). Loading it runs whatever code the file contains, with your "
    "permissions. Convert only checkpoints you trust, ideally once, offline, in a sandbox. The bundle written "
    "by this tool holds no pickle and is safe to load.")


class ConvertError(Exception):
    pass


def parser():
    p = argparse.ArgumentParser(
        prog="convert",
        description="Convert a seed-format PyTorch checkpoint (model_state_dict, feature_means, feature_stds, "
                    "config) into a candlesignal model bundle with ONNX and TorchScript weights. "
                    "The checkpoint is unpickled: convert only files you trust.")
    p.add_argument("checkpoint", help="seed checkpoint (.pt written by torch.save)")
    p.add_argument("out_dir", help="bundle directory to create (must be empty or absent)")
    p.add_argument("--feature-set", help="feature set id; default standard28 for a 28-input model, required "
                                         "otherwise")
    p.add_argument("--columns", help="comma-separated feature columns in input order (needed unless the feature "
                                     "set is standard28)")
    p.add_argument("--columns-from", metavar="FEATURES_CSV",
                   help="read the columns from a features CSV header (open_time,<columns...>)")
    p.add_argument("--sequence-length", type=int, help="window length; default: the checkpoint config's, else 60")
    p.add_argument("--model-id", help="default: seed-<checkpoint file name>")
    p.add_argument("--version", default="1")
    p.add_argument("--parent-version")
    p.add_argument("--symbol", action="append", help="symbol trained on (repeatable); default: the checkpoint's "
                                                     "'symbol', else the seed default BTCUSDT")
    p.add_argument("--interval", help="Binance interval trained on; default: the seed default 1h")
    p.add_argument("--trained-from", help="start of the training candles (ISO-8601); default 1970-01-01T00:00:00Z "
                                          "(unknown: the seed trained on every stored candle)")
    p.add_argument("--trained-to", help="end (exclusive) of the training candles; default the checkpoint's "
                                        "timestamp, else now")
    p.add_argument("--horizon", type=int, default=1)
    p.add_argument("--threshold", type=float, default=0.0)
    p.add_argument("--formats", default="onnx,torchscript", help="comma-separated: onnx, torchscript")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty OUT_DIR")
    return p


def _note(message):
    print("note: " + message, file=sys.stderr)


def _symbol(value):
    return str(value).replace("/", "").replace("-", "").replace("_", "").upper()


def _read_header(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    if not header or header[0] != "open_time":
        raise ConvertError("%s: expected a features CSV whose header starts with open_time but found %s" % (
            path, header[:3]))
    return header[1:]


def _timestamp(value):
    """A seed timestamp string as an aware datetime, or None. train_model.py wrote local time without an offset;
    the writer's zone is unknown, so a naive value is read as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def load_checkpoint(path):
    print(PICKLE_WARNING % path, file=sys.stderr)
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as e:  # corrupt file, wrong format: one clear line
        raise ConvertError("cannot load %s as a torch checkpoint: %s" % (path, e))
    if not isinstance(ckpt, dict) or "model_state_dict" not in ckpt:
        keys = sorted(ckpt.keys()) if isinstance(ckpt, dict) else type(ckpt).__name__
        raise ConvertError("%s is not a seed checkpoint: expected a dict with model_state_dict, feature_means, "
                           "feature_stds and config but found %s" % (path, keys))
    return ckpt


def convert(args):
    if os.path.isdir(args.out_dir) and not args.force and any(not n.startswith(".") for n in os.listdir(args.out_dir)):
        raise ConvertError("%s is not empty; choose a new directory or overwrite with --force" % args.out_dir)
    ckpt = load_checkpoint(args.checkpoint)
    state = {k: v.detach().cpu().float() if torch.is_tensor(v) else v for k, v in ckpt["model_state_dict"].items()}
    try:
        model = architectures.from_state_dict(state)
    except ValueError as e:
        raise ConvertError("%s: %s" % (args.checkpoint, e))
    model.eval()
    nf = model.input_size
    config = ckpt.get("config") or {}
    for key, actual in (("input_size", nf), ("hidden_size", model.hidden_size), ("num_layers", model.num_layers)):
        if key in config and config[key] != actual:
            _note("checkpoint config says %s=%s but the weights have %s; using the weights (the seed ignored "
                  "the checkpoint's config too, seed-spec 3.1)" % (key, config[key], actual))

    if "feature_means" not in ckpt or "feature_stds" not in ckpt:
        raise ConvertError("%s has no feature_means/feature_stds: the seed then normalised each window by its own "
                           "statistics, which a bundle cannot express; retrain with tools/train" % args.checkpoint)
    means = np.asarray(ckpt["feature_means"], dtype=np.float64).reshape(-1)
    stds = np.asarray(ckpt["feature_stds"], dtype=np.float64).reshape(-1)
    if len(means) != nf or len(stds) != nf:
        raise ConvertError("the model reads %d features but the checkpoint's scaler has %d means and %d stds" % (
            nf, len(means), len(stds)))
    if not (np.all(np.isfinite(means)) and np.all(np.isfinite(stds))):
        raise ConvertError("the checkpoint's scaler holds non-finite values (the seed's nanmean turns a column "
                           "with an inf into inf, seed-spec 4): means %s, stds %s" % (means.tolist(), stds.tolist()))

    feature_set = args.feature_set
    if args.columns and args.columns_from:
        raise ConvertError("give --columns or --columns-from, not both")
    columns = None
    if args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    elif args.columns_from:
        columns = _read_header(args.columns_from)
    if feature_set is None:
        if nf != 28:
            raise ConvertError("the model reads %d features, not the 28 of standard28: pass --feature-set ID and "
                               "--columns (or --columns-from FEATURES_CSV) naming its feature set" % nf)
        feature_set = STANDARD28
    if columns is None:
        if feature_set != STANDARD28:
            raise ConvertError("feature set %s: pass its columns in input order with --columns or --columns-from"
                               % feature_set)
        columns = STANDARD28_COLUMNS
    if len(columns) != nf:
        raise ConvertError("the model reads %d features but %d columns were given: %s" % (nf, len(columns),
                                                                                        columns))

    sequence_length = args.sequence_length or config.get("sequence_length")
    if sequence_length is None:
        sequence_length = SEED_SEQUENCE_LENGTH
        _note("the checkpoint does not record its sequence length; assuming the seed's %d" % sequence_length)

    if args.symbol:
        symbols = [_symbol(s) for s in args.symbol]
    elif ckpt.get("symbol"):
        symbols = [_symbol(ckpt["symbol"])]
    else:
        symbols = [SEED_SYMBOL]
        _note("the checkpoint does not say which symbol it was trained on; assuming the seed default %s "
              "(pass --symbol)" % SEED_SYMBOL)
    interval = args.interval
    if interval is None:
        interval = SEED_INTERVAL
        _note("assuming the seed default interval %s (pass --interval)" % SEED_INTERVAL)

    info = ckpt.get("training_info") or {}
    trained_at = _timestamp(info.get("timestamp") or ckpt.get("timestamp"))
    trained_from = args.trained_from or "1970-01-01T00:00:00Z"
    trained_to = args.trained_to or (trained_at or datetime.datetime.now(datetime.timezone.utc)).replace(
        microsecond=0)
    if not args.trained_from:
        _note("the training range is unknown; recording [%s, %s): the seed trained on every stored candle up to "
              "then, so a backtest must start after it" % (trained_from, bundle.iso_instant(trained_to)))

    metrics = {}
    for key in ("val_accuracy", "val_loss"):
        if isinstance(info.get(key), (int, float)):
            # "seed_" because the seed measured them with a scaler fitted on the validation rows too (seed-spec 9.2)
            metrics["seed_" + key] = float(info[key])
    if isinstance(info.get("epoch"), int):
        metrics["seed_epoch"] = float(info["epoch"])
    _note("seed checkpoints were trained on the off-by-one label close[t+2] > close[t+1] (seed-spec 9.1 B1); the "
          "manifest records the intended label (horizon %d, threshold %g). Retrain with tools/train for a model "
          "that predicts what it is served for." % (args.horizon, args.threshold))

    model_id = args.model_id or "seed-" + os.path.splitext(os.path.basename(args.checkpoint))[0]
    manifest = bundle.make_manifest(
        model_id=model_id, version=args.version, parent_version=args.parent_version,
        architecture=model.describe(), feature_set_id=feature_set, columns=columns,
        sequence_length=int(sequence_length), means=means, stds=stds, epsilon=SEED_EPSILON,
        horizon=args.horizon, threshold=args.threshold, symbols=symbols, interval=interval,
        trained_from=trained_from, trained_to=trained_to, metrics=metrics)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    full, diffs = bundle.write_bundle(model, args.out_dir, manifest, formats=formats, force=args.force)
    return full, diffs


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        full, diffs = convert(args)
    except (ConvertError, bundle.BundleError) as e:
        print("convert: " + str(e), file=sys.stderr)
        return 2
    print("wrote %s: %s %s, feature set %s (%d columns), sequence length %d; %s" % (
        args.out_dir, full["modelId"], full["version"], full["featureSet"]["id"], len(full["featureSet"]["columns"]),
        full["sequenceLength"], ", ".join("%s %s (%d B, max |export - eager| %.2g)" % (
            fmt, w["file"], w["bytes"], diffs.get(fmt, 0.0)) for fmt, w in sorted(full["weights"].items()))))
    return 0
