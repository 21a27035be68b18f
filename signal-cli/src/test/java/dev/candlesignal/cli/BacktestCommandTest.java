package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code candlesignal backtest} on the bundled data. */
class BacktestCommandTest {
    private static final String CANDLES = "../data/binance/BTCUSDT-1h.csv";
    private static final String MODEL = "../models/demo-btcusdt-1h";

    @TempDir
    Path dir;

    @Test
    void backtestsTheBundledDataAfterTheDemoModelsTrainingRange() throws Exception {
        Path out = dir.resolve("bt");
        Cli.Result r = Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--from", "2020-03-01",
                "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("strategy").contains("buy and hold").contains("random (median)")
                .contains("wrote " + out);
        assertThat(Files.readAllLines(out.resolve("trades.csv")).get(0))
                .isEqualTo("symbol,entry_time,exit_time,side,entry,exit,exit_reason,pnl_pct,mfe_pct,mae_pct");
        List<String> equity = Files.readAllLines(out.resolve("equity.csv"));
        assertThat(equity.get(1)).isEqualTo("2020-03-01T00:00:00Z,1.0");
        assertThat(Files.readString(out.resolve("metrics.json"))).contains("\"in_sample\": false")
                .contains("\"total_return_pct\"");
        assertThat(Files.readString(out.resolve("report.html"))).contains("uPlot");
    }

    @Test
    void anInSampleRangeIsOneLineNamingBothRangesUnlessAllowed() throws Exception {
        Cli.Result r = Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--out", dir.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("candlesignal: the backtest range [2019-07-01T00:00:00Z, 2020-07-01T00:00:00Z) overlaps "
                        + "the training range [2019-07-01T19:00:00Z, 2020-03-01T00:00:00Z)")
                .contains("--allow-in-sample");
        assertThat(dir.resolve("trades.csv")).doesNotExist();

        Cli.Result allowed = Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--to", "2019-09-01",
                "--allow-in-sample", "--random-runs", "5", "--out", dir.toString());
        assertThat(allowed.status()).as(allowed.err()).isZero();
        assertThat(allowed.err()).contains("IN-SAMPLE");
        assertThat(Files.readAllLines(dir.resolve("trades.csv")).get(0)).startsWith("# IN-SAMPLE: ");
    }

    @Test
    void badInputIsOneTypedLine() {
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--from", "2021-01-01", "--out",
                dir.toString()), "BTCUSDT@1h has no candle in the range [2021-01-01T00:00:00Z, end)");
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--from", "2020-03-01",
                "--max-gap", "4", "--out", dir.toString()), "BTCUSDT@1h misses 8 candles between");
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--from", "2020-03-01",
                "--set", "standard28", "--out", dir.toString()), "standard14/takerFlow");
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--from", "2020-03-01",
                "--to", "2020-02-01", "--out", dir.toString()), "empty");
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--max-hold", "0c",
                "--out", dir.toString()), "--max-hold");
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--sweep", "stop-atr=3:1:1",
                "--from", "2020-03-01", "--out", dir.toString()), "--sweep stop-atr=3:1:1: ");
        assertOneLine(Cli.run("backtest", "--candles", CANDLES, "--out", dir.toString()), "needs --model");
    }

    private static void assertOneLine(Cli.Result r, String expected) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("candlesignal: ").doesNotContain("\n").contains(expected);
    }

    @Test
    void aSweepWritesOneRowPerCombinationAndWarnsThatPickingTheBestIsInSample() throws Exception {
        Cli.Result r = Cli.run("backtest", "--candles", CANDLES, "--model", MODEL, "--from", "2020-03-01",
                "--sweep", "min-confidence=0.5:0.6:0.05,stop-atr=1:3:1", "--random-runs", "5", "--out",
                dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("swept 9 combinations").contains("picking the best row")
                .contains("in-sample");
        List<String> rows = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0)).startsWith("min_confidence,stop_atr,trades,win_rate,total_return_pct,");
        assertThat(rows.get(9)).startsWith("0.60,3,");
    }

    /** Copies the demo bundle with the job's training range and version in its manifest: a trainer that trains nothing. */
    static final class CopyingTrainer implements Trainer {
        final List<TrainingJob> jobs = new ArrayList<>();

        @Override
        public TrainingResult train(TrainingJob job, Path outDir) throws TrainingException {
            jobs.add(job);
            List<Candle> c = job.candles().values().iterator().next();
            try {
                ModelManifest demo = ModelBundle.load(Path.of(MODEL)).manifest();
                ModelManifest m = new ModelManifest(demo.formatVersion(), job.modelId(), job.version(),
                        java.util.Optional.ofNullable(job.parentVersion()), demo.createdAt(), demo.architecture(),
                        demo.featureSetId(), demo.columns(), demo.sequenceLength(), demo.scaler(), demo.label(),
                        new dev.candlesignal.model.TrainingInfo(List.of("BTCUSDT"), dev.candlesignal.Interval.HOUR_1,
                                c.get(0).openTime(), c.get(c.size() - 1).openTime().plusSeconds(3600)),
                        demo.metrics(), demo.weights());
                Files.createDirectory(outDir);
                for (String weights : List.of("model.onnx", "model.pt")) {
                    Files.copy(Path.of(MODEL, weights), outDir.resolve(weights));
                }
                Files.writeString(outDir.resolve("manifest.json"), m.toJson());
                return new TrainingResult(outDir, ModelBundle.load(outDir).manifest(), 1, 1, Map.of(), Duration.ZERO);
            } catch (java.io.IOException | ModelLoadException e) {
                throw new TrainingException(TrainingException.Reason.IO_ERROR, e.getMessage(), e);
            }
        }
    }

    @Test
    void walkForwardTrainsPerFoldThroughTheTrainerAndWritesTheFourOutputs() throws Exception {
        CopyingTrainer trainer = new CopyingTrainer();
        List<Trainers.Settings> settingsSeen = new java.util.ArrayList<>();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == BacktestCommand.class) {
                    return cls.cast(new BacktestCommand(settings -> {
                        settingsSeen.add(settings);
                        return trainer;
                    }));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path wf = dir.resolve("wf");
        int status = CandleSignalCli.run(new String[] {"backtest", "--candles", CANDLES, "--walk-forward", "--train",
            "240d", "--test", "30d", "--arch", "lstm14", "--random-runs", "5", "--out", wf.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), factory);
        assertThat(status).as(err.toString()).isZero();
        // 365 days: 240-day training windows every 30 days while one ends before the data: 5 folds
        assertThat(trainer.jobs).hasSize(5);
        assertThat(settingsSeen).singleElement().satisfies(st -> {
            assertThat(st.threads()).as("one training thread unless --train-threads").isEqualTo(1);
            assertThat(st.architecture()).isEqualTo("lstm14");
            assertThat(st.listener()).isNotNull();
        });
        assertThat(err.toString()).contains("fold").contains("strategy");
        String metrics = Files.readString(wf.resolve("metrics.json"));
        assertThat(metrics).contains("\"folds\"").contains("\"in_sample\": false").contains("\"test_from\"");
        assertThat(wf.resolve("folds").resolve("fold-01").resolve("manifest.json")).exists();
        // the first test window starts 61 candles (the demo window 60 + label horizon 1) after the training range
        assertThat(Files.readAllLines(wf.resolve("equity.csv")).get(1)).isEqualTo("2020-02-28T13:00:00Z,1.0");

        // with the real trainer (the default) bad settings fail before any fold trains, in one line
        Cli.Result badEpochs = Cli.run("backtest", "--candles", CANDLES, "--walk-forward", "--train", "240d", "--test",
                "30d", "--epochs", "0", "--out", dir.resolve("wf2").toString());
        assertThat(badEpochs.status()).isEqualTo(2);
        assertThat(badEpochs.err()).contains("epochs").contains("0");
        Cli.Result badThreads = Cli.run("backtest", "--candles", CANDLES, "--walk-forward", "--train", "240d", "--test",
                "30d", "--train-threads", "0", "--out", dir.resolve("wf3").toString());
        assertThat(badThreads.status()).isEqualTo(2);
        assertThat(badThreads.err()).contains("--train-threads").contains("0");
    }
}
