"""Unit tests of tools/train's data handling: label alignment, purge gap, scaler fitted on training rows only,
and a tiny end-to-end run (which also covers a last training batch of one sample)."""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import pandas as pd

from models import bundle, train

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class LabelTest(unittest.TestCase):
    closes = np.array([10.0, 11.0, 11.0, 9.0, 12.0])

    def test_label_of_the_window_ending_at_t_is_the_next_close_against_close_t(self):
        got = train.labels(self.closes, np.arange(5), horizon=1, threshold=0.0)
        # t=0: 11 > 10; t=1: 11 > 11 is False (strict); t=2: 9 > 11 no; t=3: 12 > 9; t=4: no next candle
        np.testing.assert_array_equal(got[:4], [1.0, 0.0, 0.0, 1.0])
        self.assertTrue(np.isnan(got[4]))

    def test_horizon_and_threshold(self):
        got = train.labels(self.closes, np.arange(5), horizon=2, threshold=0.05)
        # t=0: 11 > 10.5; t=1: 9 > 11.55 no; t=2: 12 > 11.55; t=3, t=4: beyond the data
        np.testing.assert_array_equal(got[:3], [1.0, 0.0, 1.0])
        self.assertTrue(np.all(np.isnan(got[3:])))

    def test_positions_index_into_the_candles(self):
        # feature rows start at candle 2: the label of row 0 compares candle 3 with candle 2
        got = train.labels(self.closes, np.array([2, 3]), horizon=1, threshold=0.0)
        np.testing.assert_array_equal(got, [0.0, 1.0])

    def test_previous_direction_uses_only_the_past(self):
        got = train.previous_direction(self.closes, np.arange(5), horizon=1, threshold=0.0)
        self.assertTrue(np.isnan(got[0]))
        np.testing.assert_array_equal(got[1:], [1.0, 0.0, 0.0, 1.0])

    def test_window_ends_need_a_full_finite_window_and_a_label(self):
        values = np.ones((8, 2))
        values[0, 0] = np.nan   # warm-up
        values[4, 1] = np.nan   # a hole
        target = np.array([1, 0, 1, 0, 1, 0, 1, np.nan])
        ends = train.window_ends(values, target, sequence_length=2)
        # windows [1,2], [2,3], [5,6]; [6,7] has no label, windows over rows 0 or 4 are not finite
        np.testing.assert_array_equal(ends, [2, 3, 6])


class ReadTest(unittest.TestCase):

    def test_headerless_archive_with_microseconds_and_iso_feature_times(self):
        import gzip
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "c.csv.gz")
            with gzip.open(path, "wt") as f:
                for i in range(3):
                    t = (1_735_689_600_000 + i * 3_600_000) * 1000  # 2025: microseconds
                    f.write("%d,1,2,0.5,%d.5,10,%d,1,1,1,1,0\n" % (t, 10 + i, t + 3_599_999_999))
            candles = train.read_candles(path)
            self.assertEqual(candles["open_time"].tolist(), [1_735_689_600_000 + i * 3_600_000 for i in range(3)])
            self.assertEqual(candles["close"].tolist(), [10.5, 11.5, 12.5])
            self.assertEqual(train.infer_interval(candles["open_time"].to_numpy()), "1h")
            features = os.path.join(tmp, "f.csv")
            with open(features, "w") as f:
                f.write("open_time,x\n2025-01-01T00:00:00Z,NaN\n2025-01-01T01:00:00Z,1.5\n")
            times, columns, values = train.read_features(features)
            self.assertEqual(times.tolist(), [1_735_689_600_000, 1_735_693_200_000])
            self.assertEqual(columns, ["x"])
            self.assertTrue(np.isnan(values[0, 0]))
            np.testing.assert_array_equal(train.align(times, candles), [0, 1])

    def test_unsorted_rows_are_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.csv")
            with open(path, "w") as f:
                f.write("open_time,x\n2000,1\n1000,2\n")
            with self.assertRaisesRegex(train.TrainError, "strictly increasing"):
                train.read_features(path)


class SplitTest(unittest.TestCase):

    def test_purge_gap_separates_train_and_validation(self):
        ends = np.arange(100, 1100)
        for purge in (61, 62, 200):
            tr, va = train.split(ends, 0.2, purge)
            self.assertGreaterEqual(va[0] - tr[-1], purge)
            self.assertTrue(np.all(np.diff(tr) > 0) and np.all(np.diff(va) > 0))
            self.assertLess(tr[-1], va[0])
            self.assertEqual(len(va), 200)

    def test_purge_of_sequence_plus_horizon_means_no_shared_rows_or_label_candles(self):
        seq, horizon = 60, 1
        ends = np.arange(seq - 1, 2000)
        tr, va = train.split(ends, 0.25, seq + horizon)
        last_train_label_candle = tr[-1] + horizon
        first_validation_row = va[0] - seq + 1
        self.assertLess(last_train_label_candle, first_validation_row)

    def test_run_refuses_a_purge_below_the_minimum(self):
        args = train.parser().parse_args(["--features", "f", "--candles", "c", "--out", "o", "--feature-set", "x",
                                          "--symbol", "S", "--purge", "60"])
        with self.assertRaisesRegex(train.TrainError, "below sequence length \\+ horizon = 61"):
            train.run(args, log=lambda *_: None)


class ScalerTest(unittest.TestCase):

    def test_population_std_and_epsilon(self):
        rows = np.array([[1.0, 5.0], [3.0, 5.0]])
        s = train.Scaler.fit(rows)
        np.testing.assert_allclose(s.means, [2.0, 5.0])
        np.testing.assert_allclose(s.stds, [1.0, 0.0])  # ddof 0
        np.testing.assert_allclose(s.transform(np.array([[3.0, 5.0]])), [[1.0 / (1 + 1e-8), 0.0]])

    def test_training_rows_cover_exactly_the_training_windows(self):
        rows = train.training_rows(np.array([4, 5, 9]), sequence_length=3)
        np.testing.assert_array_equal(rows, [2, 3, 4, 5, 7, 8, 9])

    def test_end_to_end_scaler_sees_training_rows_only(self):
        with tempfile.TemporaryDirectory() as tmp:
            features, candles = write_series(tmp, rows=400)
            values = pd.read_csv(features, na_values=["NaN"])["a"].to_numpy()
            out = os.path.join(tmp, "bundle")
            manifest, metrics = run_train(features, candles, out, seq=10, epochs=1)
            # recompute from the rows the split says are training rows; validation rows differ by construction
            seq, horizon = 10, 1
            target = train.labels(pd.read_csv(candles)["close"].to_numpy(), np.arange(400), horizon, 0.0)
            ends = train.window_ends(np.stack([values, values * 0 + 1], axis=1), target, seq)
            tr, va = train.split(ends, 0.2, seq + horizon)
            rows = train.training_rows(tr, seq)
            self.assertAlmostEqual(manifest["scaler"]["means"][0], values[rows].mean(), places=12)
            self.assertAlmostEqual(manifest["scaler"]["stds"][0], values[rows].std(), places=12)
            self.assertNotAlmostEqual(manifest["scaler"]["means"][0], np.nanmean(values), places=3)
            self.assertEqual(metrics["train_samples"], len(tr))
            self.assertEqual(metrics["val_samples"], len(va))


def write_series(directory, rows):
    """A candles CSV with a trending close, and a features CSV whose column 'a' jumps at 70 % (so a scaler fitted on
    all rows differs from one fitted on the training rows) plus a constant column; two warm-up rows."""
    rng = np.random.default_rng(3)
    times = 1_600_000_000_000 + 3_600_000 * np.arange(rows)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, rows)))
    pd.DataFrame({"open_time": times, "open": close, "high": close * 1.01, "low": close * 0.99, "close": close,
                  "volume": 1.0, "close_time": times + 3_599_999, "quote_volume": close, "trades": 1,
                  "taker_buy_base_volume": 0.5, "taker_buy_quote_volume": close / 2}).to_csv(
        os.path.join(directory, "candles.csv"), index=False)
    a = rng.normal(0, 1, rows) + np.where(np.arange(rows) > 0.7 * rows, 10.0, 0.0)
    a[:2] = np.nan
    b = np.ones(rows)
    b[:2] = np.nan
    pd.DataFrame({"open_time": times, "a": a, "b": b}).to_csv(os.path.join(directory, "features.csv"), index=False,
                                                              na_rep="NaN")
    return os.path.join(directory, "features.csv"), os.path.join(directory, "candles.csv")


def run_train(features, candles, out, seq, epochs, extra=()):
    args = train.parser().parse_args([
        "--features", features, "--candles", candles, "--out", out, "--feature-set", "test2", "--symbol", "TESTUSDT",
        "--hidden", "4", "--sequence-length", str(seq), "--epochs", str(epochs)] + list(extra))
    return train.run(args, log=lambda *_: None)


class EndToEndTest(unittest.TestCase):

    def test_writes_a_verified_bundle_with_metrics_and_baselines(self):
        with tempfile.TemporaryDirectory() as tmp:
            features, candles = write_series(tmp, rows=300)
            out = os.path.join(tmp, "bundle")
            manifest, metrics = run_train(features, candles, out, seq=8, epochs=2)
            verified = bundle.verify_bundle(out)
            self.assertEqual(verified, manifest)
            self.assertEqual(manifest["featureSet"], {"id": "test2", "columns": ["a", "b"]})
            self.assertEqual(manifest["training"]["symbols"], ["TESTUSDT"])
            self.assertEqual(manifest["training"]["interval"], "1h")
            self.assertEqual(manifest["label"], {"horizon": 1, "threshold": 0.0})
            for key in ("val_accuracy", "val_precision", "val_recall", "val_f1", "baseline_always_up_accuracy",
                        "baseline_previous_direction_accuracy", "baseline_previous_direction_f1"):
                self.assertIn(key, manifest["metrics"])
                self.assertTrue(0.0 <= manifest["metrics"][key] <= 1.0)
            self.assertEqual(sorted(manifest["weights"]), ["onnx", "torchscript"])

    def test_deterministic(self):
        with tempfile.TemporaryDirectory() as tmp:
            features, candles = write_series(tmp, rows=200)
            a, _ = run_train(features, candles, os.path.join(tmp, "a"), seq=6, epochs=2)
            b, _ = run_train(features, candles, os.path.join(tmp, "b"), seq=6, epochs=2)
            self.assertEqual(a["weights"]["onnx"]["sha256"], b["weights"]["onnx"]["sha256"])
            self.assertEqual(a["metrics"], b["metrics"])

    def test_a_training_batch_of_one_sample_does_not_crash(self):
        with tempfile.TemporaryDirectory() as tmp:
            features, candles = write_series(tmp, rows=200)
            # find a batch size that leaves exactly one sample in the last training batch
            seq = 6
            closes = pd.read_csv(candles)["close"].to_numpy()
            values = pd.read_csv(features, na_values=["NaN"])[["a", "b"]].to_numpy()
            ends = train.window_ends(values, train.labels(closes, np.arange(200), 1, 0.0), seq)
            n_train = len(train.split(ends, 0.2, seq + 1)[0])
            batch = next(b for b in range(2, n_train) if n_train % b == 1)
            _, metrics = run_train(features, candles, os.path.join(tmp, "out"), seq=seq, epochs=1,
                                   extra=["--batch-size", str(batch)])
            self.assertEqual(metrics["train_samples"], n_train)

    def test_best_weights_are_restored_before_the_final_evaluation(self):
        import torch
        from models import architectures
        torch.manual_seed(0)
        model = architectures.build("lstm14", 2, hidden_size=4)
        x = np.random.default_rng(0).normal(size=(40, 5, 2)).astype(np.float32)
        y = (x[:, -1, 0] > 0).astype(np.float32)
        seen = []

        def log(line):
            seen.append(line)
        best_epoch, epochs_run, best_loss = train.fit(model, x[:30], y[:30], x[30:], y[30:], epochs=8, batch_size=8,
                                                      lr=0.05, patience=100, seed=1, log=log)
        loss, _ = train._loss_on(model, torch.from_numpy(x[30:]), torch.from_numpy(y[30:]),
                                 torch.nn.BCELoss(), 256)
        self.assertAlmostEqual(loss, best_loss, places=6)
        losses = [float(line.split("val loss ")[1].split()[0]) for line in seen if line.startswith("epoch")]
        self.assertAlmostEqual(min(losses), best_loss, places=4)

    def test_command_line_errors_are_one_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            features, candles = write_series(tmp, rows=50)
            result = subprocess.run([sys.executable, os.path.join(TOOLS, "train"), "--features", features,
                                     "--candles", candles, "--out", os.path.join(tmp, "o"), "--feature-set", "x",
                                     "--symbol", "S", "--purge", "3"], capture_output=True, text=True)
            self.assertEqual(result.returncode, 2)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            self.assertIn("train: --purge 3 is below", result.stderr)


if __name__ == "__main__":
    unittest.main()
