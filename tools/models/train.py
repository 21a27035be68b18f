"""``tools/train``: trains one of the reference LSTMs on features exported by the Java CLI and writes a bundle.

Inputs:
- a features CSV: header ``open_time,<columns...>``, one row per candle in time order, ``NaN`` where a value is
  not defined (warm-up); open_time in epoch milliseconds (microseconds and ISO-8601 are accepted too);
- the candles CSV the features came from (Binance kline layout, with header or headerless, ``.gz`` allowed),
  for the labels.

The seed's training bugs are fixed (seed-spec 4, 9.1-9.3):
- label of the window ending at candle t is ``close[t + h] > close[t] * (1 + threshold)`` (seed: close[t+2] >
  close[t+1], B1), with horizon h and threshold from the command line and recorded in the manifest;
- only fully defined windows are used (no NaN -> 0 imputation, S3); rows are never forward-filled;
- chronological split, and a purge gap of at least sequence length + horizon candles between the last training
  window's end and the first validation window's end, so no validation window shares a row or a label candle
  with a training window (L2);
- the z-score scaler (population std, epsilon 1e-8) is fitted on the rows of training windows only (L1);
- best-validation-loss weights are deep-copied and restored before the final evaluation (B2, B15);
- a batch of one sample does not crash the loss (``squeeze(-1)``, B16);
- everything is seeded: the same inputs and arguments give the same weights.

Validation accuracy, precision, recall and F1 (threshold 0.5) are reported against the trivial baselines
"always up" and "previous direction" (the last completed move of the same horizon repeats), and written to the
manifest's metrics.
"""

import argparse
import copy
import gzip
import math
import os
import sys
import time

import numpy as np
import pandas as pd
import torch
from torch import nn

from . import architectures, bundle

MICROS_THRESHOLD = 10 ** 14
INTERVAL_MS = {
    "1s": 1000, "1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000,
    "1h": 3_600_000, "2h": 7_200_000, "4h": 14_400_000, "6h": 21_600_000, "8h": 28_800_000,
    "12h": 43_200_000, "1d": 86_400_000, "3d": 259_200_000, "1w": 604_800_000,
}
KLINE_COLUMNS = ["open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades",
                 "taker_buy_base_volume", "taker_buy_quote_volume", "ignore"]


class TrainError(Exception):
    pass


# ------------------------------------------------------------------------------------------------------ input

def _open_text(path):
    return gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")


def _millis(values, source):
    """open_time cells -> int64 epoch milliseconds (ms or us integers, or ISO-8601 strings)."""
    series = pd.Series(values)
    numeric = pd.to_numeric(series, errors="coerce")
    if numeric.notna().all():
        ints = numeric.astype("int64").to_numpy()
        return np.where(ints > MICROS_THRESHOLD, ints // 1000, ints)
    try:
        parsed = pd.to_datetime(series, utc=True)
    except (ValueError, TypeError) as e:
        raise TrainError("%s: open_time must be epoch milliseconds or ISO-8601: %s" % (source, e))
    return (parsed.astype("int64") // 1_000_000).to_numpy()


def read_features(path):
    """Returns (open_times ms int64 [N], columns, values float64 [N, F]); rows must be strictly increasing."""
    with _open_text(path) as f:
        frame = pd.read_csv(f, dtype={"open_time": str}, na_values=["NaN", "nan"], keep_default_na=False)
    if len(frame.columns) < 2 or frame.columns[0] != "open_time":
        raise TrainError("%s: expected a header open_time,<feature columns...> but found %s" % (
            path, list(frame.columns[:3])))
    columns = [str(c) for c in frame.columns[1:]]
    if len(set(columns)) != len(columns):
        raise TrainError("%s: duplicate feature columns %s" % (path, columns))
    times = _millis(frame["open_time"].to_numpy(), path)
    try:
        values = frame[columns].apply(pd.to_numeric, errors="raise").to_numpy(dtype=np.float64)
    except ValueError as e:
        raise TrainError("%s: feature values must be numbers or NaN: %s" % (path, e))
    _check_increasing(times, path)
    return times, columns, values


def read_candles(path):
    """Returns a DataFrame with int64 open_time (ms) and float close, in the file's (increasing) order."""
    with _open_text(path) as f:
        first = f.readline()
    has_header = "open_time" in first
    with _open_text(path) as f:
        if has_header:
            frame = pd.read_csv(f, dtype={"open_time": str})
        else:
            frame = pd.read_csv(f, header=None, dtype={0: str})
            frame.columns = KLINE_COLUMNS[:len(frame.columns)]
    for column in ("open_time", "close"):
        if column not in frame.columns:
            raise TrainError("%s: no %s column (header: %s)" % (path, column, list(frame.columns)))
    times = _millis(frame["open_time"].to_numpy(), path)
    closes = pd.to_numeric(frame["close"], errors="coerce").to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(closes)) or np.any(closes <= 0):
        bad = int(np.argmax(~np.isfinite(closes) | (closes <= 0)))
        raise TrainError("%s: close at row %d is %r; closes must be finite and > 0" % (path, bad + 1, closes[bad]))
    _check_increasing(times, path)
    return pd.DataFrame({"open_time": times, "close": closes})


def _check_increasing(times, source):
    if len(times) and np.any(np.diff(times) <= 0):
        bad = int(np.argmax(np.diff(times) <= 0))
        raise TrainError("%s: open times must be strictly increasing but row %d (%d) is followed by %d" % (
            source, bad + 1, times[bad], times[bad + 1]))


def infer_interval(times):
    if len(times) < 2:
        raise TrainError("need at least two candles to infer the interval; pass --interval")
    step = int(np.median(np.diff(times)))
    for name, ms in INTERVAL_MS.items():
        if ms == step:
            return name
    raise TrainError("the candles are %d ms apart, which is no Binance interval; pass --interval" % step)


# ------------------------------------------------------------------------------------------------ dataset

def align(feature_times, candles):
    """Position of each feature row's candle in the candle sequence; every feature row needs its candle."""
    index = pd.Index(candles["open_time"].to_numpy())
    positions = index.get_indexer(feature_times)
    if np.any(positions < 0):
        missing = feature_times[int(np.argmax(positions < 0))]
        raise TrainError("the candles file has no candle with open_time %d for a feature row; export the features "
                         "from the same candles" % missing)
    if np.any(np.diff(positions) != 1):
        raise TrainError("feature rows must be consecutive candles of the candles file (one row per candle)")
    return positions


def labels(closes, positions, horizon, threshold):
    """Label per feature row: 1.0 if close[t + horizon] > close[t] * (1 + threshold), 0.0 if not, NaN when the
    candle t + horizon is not in the file. t is the row's own candle: the label of the window ending at t."""
    out = np.full(len(positions), np.nan)
    later = positions + horizon
    ok = later < len(closes)
    now = closes[positions[ok]]
    out[ok] = (closes[later[ok]] > now * (1 + threshold)).astype(np.float64)
    return out


def previous_direction(closes, positions, horizon, threshold):
    """The last completed move of the same horizon, known at t: close[t] > close[t - horizon] * (1 + threshold)."""
    out = np.full(len(positions), np.nan)
    earlier = positions - horizon
    ok = earlier >= 0
    out[ok] = (closes[positions[ok]] > closes[earlier[ok]] * (1 + threshold)).astype(np.float64)
    return out


def window_ends(values, target, sequence_length):
    """Rows t whose window rows t - L + 1 .. t are all finite and whose label is defined, ascending."""
    finite = np.all(np.isfinite(values), axis=1).astype(np.int64)
    # run length of consecutive finite rows ending at each row
    run = np.zeros(len(finite), dtype=np.int64)
    count = 0
    for i, f in enumerate(finite):
        count = count + 1 if f else 0
        run[i] = count
    ends = np.nonzero((run >= sequence_length) & np.isfinite(target))[0]
    return ends


def split(ends, validation_fraction, purge):
    """Chronological split of window ends: the first (1 - fraction) are candidates for training, the rest for
    validation; training ends closer than ``purge`` rows to the first validation end are dropped, so
    ``min(validation) - max(train) >= purge``."""
    if not 0 < validation_fraction < 1:
        raise TrainError("validation fraction must be in (0, 1) but is %r" % validation_fraction)
    if len(ends) < 4:
        raise TrainError("only %d usable windows; need more data" % len(ends))
    cut = int(round(len(ends) * (1 - validation_fraction)))
    cut = min(max(cut, 1), len(ends) - 1)
    validation = ends[cut:]
    train = ends[:cut]
    train = train[train <= validation[0] - purge]
    if len(train) == 0:
        raise TrainError("no training windows left after the purge gap of %d rows" % purge)
    return train, validation


class Scaler:
    """z-score with population std (ddof 0) and epsilon, as ModelManifest/Scaler define it."""

    def __init__(self, means, stds, epsilon=bundle.DEFAULT_EPSILON):
        self.means = np.asarray(means, dtype=np.float64)
        self.stds = np.asarray(stds, dtype=np.float64)
        self.epsilon = float(epsilon)

    @classmethod
    def fit(cls, rows, epsilon=bundle.DEFAULT_EPSILON):
        rows = np.asarray(rows, dtype=np.float64)
        if not np.all(np.isfinite(rows)):
            raise TrainError("scaler rows must be finite")
        return cls(rows.mean(axis=0), rows.std(axis=0, ddof=0), epsilon)

    def transform(self, rows):
        return (rows - self.means) / (self.stds + self.epsilon)


def training_rows(train_ends, sequence_length):
    """Indices of every row inside some training window (the only rows the scaler may see)."""
    rows = set()
    for t in train_ends:
        rows.update(range(t - sequence_length + 1, t + 1))
    return np.array(sorted(rows), dtype=np.int64)


def windows(scaled, ends, sequence_length):
    out = np.empty((len(ends), sequence_length, scaled.shape[1]), dtype=np.float32)
    for i, t in enumerate(ends):
        out[i] = scaled[t - sequence_length + 1:t + 1]
    return out


# ------------------------------------------------------------------------------------------------ metrics

def classification_metrics(predicted, actual):
    predicted = np.asarray(predicted).astype(bool)
    actual = np.asarray(actual).astype(bool)
    tp = int(np.sum(predicted & actual))
    fp = int(np.sum(predicted & ~actual))
    fn = int(np.sum(~predicted & actual))
    accuracy = float(np.mean(predicted == actual)) if len(actual) else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": accuracy, "precision": precision, "recall": recall, "f1": f1}


# ------------------------------------------------------------------------------------------------ training

def _loss_on(model, x, y, loss_fn, batch_size):
    model.eval()
    total, probs = 0.0, []
    with torch.no_grad():
        for i in range(0, len(x), batch_size):
            xb, yb = x[i:i + batch_size], y[i:i + batch_size]
            p = model(xb).squeeze(-1)
            total += float(loss_fn(p, yb)) * len(xb)
            probs.append(p)
    return total / len(x), torch.cat(probs).numpy()


def fit(model, x_train, y_train, x_val, y_val, *, epochs, batch_size, lr, patience, seed, log=print):
    """Adam + BCE; keeps a deep copy of the best-validation-loss weights and restores it at the end.

    Returns (best_epoch (1-based), epochs_run, best_val_loss).
    """
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train.astype(np.float32))
    x_val, y_val = torch.from_numpy(x_val), torch.from_numpy(y_val.astype(np.float32))
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimiser, mode="min", patience=max(1, patience // 2),
                                                           factor=0.5)
    loss_fn = nn.BCELoss()
    best_loss, best_state, best_epoch, stale = math.inf, None, 0, 0
    epoch = 0
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        train_loss = 0.0
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            optimiser.zero_grad()
            # squeeze(-1), not squeeze(): a batch of one stays [1] and matches the target (seed bug B16)
            p = model(x_train[idx]).squeeze(-1)
            loss = loss_fn(p, y_train[idx])
            loss.backward()
            optimiser.step()
            train_loss += float(loss) * len(idx)
        val_loss, val_prob = _loss_on(model, x_val, y_val, loss_fn, 256)
        scheduler.step(val_loss)
        val_acc = float(np.mean((val_prob > 0.5) == (y_val.numpy() > 0.5)))
        improved = val_loss < best_loss
        if improved:
            best_loss, best_epoch, stale = val_loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())  # a deep copy: the seed's shallow copy aliased (B2)
        else:
            stale += 1
        log("epoch %3d  train loss %.5f  val loss %.5f  val acc %.4f%s" % (
            epoch, train_loss / len(x_train), val_loss, val_acc, "  *" if improved else ""))
        if stale >= patience:
            log("early stop: no validation-loss improvement for %d epochs" % patience)
            break
    model.load_state_dict(best_state)  # evaluate the best weights, not the last epoch's (B15)
    model.eval()
    return best_epoch, epoch, best_loss


# ------------------------------------------------------------------------------------------------ command

def parser():
    p = argparse.ArgumentParser(prog="train", description=__doc__.split("\n\n")[0])
    p.add_argument("--features", required=True, help="features CSV exported by the Java CLI")
    p.add_argument("--candles", required=True, help="the candles CSV the features were computed from")
    p.add_argument("--out", required=True, help="bundle directory to write")
    p.add_argument("--feature-set", required=True, help="id of the feature set the CSV holds, e.g. standard28")
    p.add_argument("--symbol", required=True, action="append", help="symbol of the candles (repeatable)")
    p.add_argument("--interval", help="Binance interval; default: inferred from the candles")
    p.add_argument("--arch", choices=architectures.ARCHITECTURES, default="lstm14")
    p.add_argument("--hidden", type=int, help="LSTM hidden size (default 64 for lstm14, 128 for lstm28)")
    p.add_argument("--layers", type=int, help="LSTM layers (default 2)")
    p.add_argument("--dropout", type=float, help="dropout (default 0 for lstm14, 0.2 for lstm28)")
    p.add_argument("--sequence-length", type=int, default=60)
    p.add_argument("--horizon", type=int, default=1, help="label horizon in candles")
    p.add_argument("--threshold", type=float, default=0.0, help="label: close[t+h] > close[t] * (1 + threshold)")
    p.add_argument("--validation", type=float, default=0.2, help="fraction of windows for validation (the latest)")
    p.add_argument("--purge", type=int, help="rows between the last training and first validation window end; "
                                             "default and minimum: sequence length + horizon")
    p.add_argument("--from", dest="start", help="use only candles opened at or after this time (ISO-8601 or ms)")
    p.add_argument("--to", dest="end", help="use only candles opened before this time (ISO-8601 or ms)")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--patience", type=int, default=6, help="early stopping patience (epochs)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.add_argument("--model-id")
    p.add_argument("--version", default="1")
    p.add_argument("--parent-version")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty --out directory")
    return p


def _time_arg(value):
    return int(_millis(np.array([value]), "--from/--to")[0])


def run(args, log=print):
    if args.sequence_length < 1 or args.horizon < 1 or args.epochs < 1 or args.batch_size < 1:
        raise TrainError("sequence length, horizon, epochs and batch size must be >= 1")
    minimum_purge = args.sequence_length + args.horizon
    purge = minimum_purge if args.purge is None else args.purge
    if purge < minimum_purge:
        raise TrainError("--purge %d is below sequence length + horizon = %d: validation windows would share rows "
                         "or label candles with training windows" % (purge, minimum_purge))
    if os.path.isdir(args.out) and not args.force and any(not n.startswith(".") for n in os.listdir(args.out)):
        raise TrainError("%s is not empty; choose a new directory or overwrite with --force" % args.out)
    torch.set_num_threads(args.threads)
    np.random.seed(args.seed)

    times, columns, values = read_features(args.features)
    candles = read_candles(args.candles)
    interval = args.interval or infer_interval(candles["open_time"].to_numpy())
    if interval not in INTERVAL_MS:
        raise TrainError("unknown interval %r" % interval)
    keep = np.ones(len(times), dtype=bool)
    if args.start:
        keep &= times >= _time_arg(args.start)
    if args.end:
        keep &= times < _time_arg(args.end)
    times, values = times[keep], values[keep]
    if len(times) == 0:
        raise TrainError("no feature rows in the requested time range")
    positions = align(times, candles)
    closes = candles["close"].to_numpy()
    if args.end:
        # labels must not peek past --to either
        closes = closes[:np.searchsorted(candles["open_time"].to_numpy(), _time_arg(args.end))]
    target = labels(closes, positions, args.horizon, args.threshold)
    ends = window_ends(values, target, args.sequence_length)
    train_ends, val_ends = split(ends, args.validation, purge)

    scaler = Scaler.fit(values[training_rows(train_ends, args.sequence_length)])
    scaled = np.where(np.isfinite(values), scaler.transform(np.where(np.isfinite(values), values, 0.0)), np.nan)
    x_train = windows(scaled, train_ends, args.sequence_length)
    x_val = windows(scaled, val_ends, args.sequence_length)
    y_train, y_val = target[train_ends], target[val_ends]
    log("%d feature rows x %d columns; %d usable windows: %d train, %d validation (purge %d rows); "
        "positive rate train %.3f, validation %.3f" % (len(values), len(columns), len(ends), len(train_ends),
                                                       len(val_ends), purge, y_train.mean(), y_val.mean()))

    torch.manual_seed(args.seed)
    model = architectures.build(args.arch, len(columns), args.hidden, args.layers, args.dropout)
    started = time.time()
    best_epoch, epochs_run, best_loss = fit(model, x_train, y_train, x_val, y_val, epochs=args.epochs,
                                            batch_size=args.batch_size, lr=args.lr, patience=args.patience,
                                            seed=args.seed, log=log)
    with torch.no_grad():
        prob = np.concatenate([model(torch.from_numpy(x_val[i:i + 256])).squeeze(-1).numpy()
                               for i in range(0, len(x_val), 256)])
    model_metrics = classification_metrics(prob > 0.5, y_val)
    always_up = classification_metrics(np.ones(len(y_val)), y_val)
    prev = previous_direction(closes, positions, args.horizon, args.threshold)[val_ends]
    prev_ok = np.isfinite(prev)
    previous = classification_metrics(prev[prev_ok] > 0.5, y_val[prev_ok])

    metrics = {"val_loss": best_loss, "best_epoch": best_epoch, "epochs_run": epochs_run,
               "train_samples": len(train_ends), "val_samples": len(val_ends),
               "val_positive_rate": float(y_val.mean())}
    for name, m in (("val", model_metrics), ("baseline_always_up", always_up),
                    ("baseline_previous_direction", previous)):
        for key, value in m.items():
            metrics["%s_%s" % (name, key)] = value
    log("")
    log("validation (%d windows, best epoch %d of %d, %.0f s):" % (len(val_ends), best_epoch, epochs_run,
                                                                   time.time() - started))
    log("  %-28s %9s %9s %9s %9s" % ("", "accuracy", "precision", "recall", "F1"))
    for label, m in (("model", model_metrics), ("baseline: always up", always_up),
                     ("baseline: previous direction", previous)):
        log("  %-28s %9.4f %9.4f %9.4f %9.4f" % (label, m["accuracy"], m["precision"], m["recall"], m["f1"]))

    first_row = int(train_ends[0]) - args.sequence_length + 1
    last_label_position = int(positions[int(val_ends[-1])]) + args.horizon
    trained_from = int(times[first_row])
    trained_to = int(candles["open_time"].to_numpy()[last_label_position]) + INTERVAL_MS[interval]
    model_id = args.model_id or "%s-%s-%s" % ("-".join(s.lower() for s in args.symbol), interval,
                                               args.feature_set.replace("/", "-"))
    manifest = bundle.make_manifest(
        model_id=model_id, version=args.version, parent_version=args.parent_version, architecture=model.describe(),
        feature_set_id=args.feature_set, columns=columns, sequence_length=args.sequence_length,
        means=scaler.means, stds=scaler.stds, epsilon=scaler.epsilon, horizon=args.horizon,
        threshold=args.threshold, symbols=args.symbol, interval=interval, trained_from=trained_from,
        trained_to=trained_to, metrics=metrics)
    full, diffs = bundle.write_bundle(model, args.out, manifest, force=args.force)
    log("wrote %s (%s)" % (args.out, ", ".join("%s %d B" % (k, v["bytes"]) for k, v in
                                                sorted(full["weights"].items()))))
    return full, metrics


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        run(args)
    except (TrainError, bundle.BundleError) as e:
        print("train: " + str(e), file=sys.stderr)
        return 2
    return 0
