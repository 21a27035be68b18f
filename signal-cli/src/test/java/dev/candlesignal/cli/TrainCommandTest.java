package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candlesignal train} end to end: train on the bundled candles, then replay the bundle on both backends. */
class TrainCommandTest {
    static final Path BTC = Path.of("../data/binance/BTCUSDT-1h.csv");

    @TempDir
    Path dir;

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void assertUserError(Cli.Result r, String... parts) {
        assertThat(r.status()).as(r.err()).isEqualTo(CandleSignalCli.USER_ERROR);
        assertThat(r.err().lines().filter(l -> l.startsWith("candlesignal: ")).count()).as(r.err()).isGreaterThan(0);
        for (String part : parts) {
            assertThat(r.err()).contains(part);
        }
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void trainsABundleThatReplayServesOnBothBackends() throws Exception {
        Path out = dir.resolve("btc-lstm14");
        Cli.Result r = Cli.run("train", "--candles", BTC.toString(), "--set", "standard14/takerFlow", "--arch", "lstm14",
                "--from", "2019-07-01", "--to", "2019-09-01", "--epochs", "2", "--sequence-length", "30", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(out.toAbsolutePath().normalize().toString());
        assertThat(r.err()).contains("candlesignal: training lstm14 on standard14/takerFlow (14 features) over 1,480 "
                + "candles of BTCUSDT 1h") // 1,488 hours, 8 of them missing in an outage
                .contains("candlesignal: epoch 1/2  train loss")
                .contains("candlesignal: epoch 2/2")
                .containsPattern("validation +accuracy +precision +recall +F1 +log loss +Brier")
                .contains("baseline: always up")
                .contains("baseline: previous direction")
                .contains("candlesignal: wrote " + out.toAbsolutePath().normalize());
        ModelManifest m = ModelBundle.load(out).manifest();
        assertThat(m.modelId()).isEqualTo("btcusdt-1h-standard14-takerFlow");
        assertThat(m.featureSetId()).isEqualTo("standard14/takerFlow");
        assertThat(m.sequenceLength()).isEqualTo(30);
        assertThat(m.training().to()).isBeforeOrEqualTo(java.time.Instant.parse("2019-09-01T00:00:00Z"));
        assertThat(m.metrics().get("epochs_run")).isEqualTo(2.0);

        Cli.Result onnx = Cli.run("replay", "--candles", BTC.toString(), "--model", out.toString());
        Cli.Result djl = Cli.run("replay", "--candles", BTC.toString(), "--model", out.toString(), "--backend", "djl");
        assertThat(onnx.status()).as(onnx.err()).isZero();
        assertThat(djl.status()).as(djl.err()).isZero();
        List<String> a = onnx.out().lines().toList();
        List<String> b = djl.out().lines().toList();
        assertThat(a).hasSize(1 + 8760 - (20 + 30 - 2)).hasSameSizeAs(b);
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",", -1);
            String[] y = b.get(i).split(",", -1);
            assertThat(y[1]).isEqualTo(x[1]);
            assertThat(Double.parseDouble(y[3])).as(a.get(i)).isCloseTo(Double.parseDouble(x[3]),
                    org.assertj.core.api.Assertions.within(1e-5));
        }
        assertThat(onnx.err()).contains("btcusdt-1h-standard14-takerFlow v1");
    }

    @Test
    void badOptionsAreOneLineErrorsAndWriteNothing() throws IOException {
        String out = dir.resolve("out").toString();
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "standard14/takerFlow", "--arch",
                "lstm99", "--out", out), "--arch", "lstm99");
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "nope", "--arch", "lstm14", "--out",
                out), "--set", "nope");
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "standard28", "--arch", "lstm28",
                "--from", "2020-01-02", "--to", "2020-01-01", "--out", out), "--from 2020-01-02T00:00:00Z must be before");
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "standard28", "--arch", "lstm28",
                "--from", "2019-07-01", "--to", "2019-07-05", "--out", out), "too few candles", "96 candles");
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "standard28", "--arch", "lstm28",
                "--device", "tpu", "--out", out), "--device", "tpu");
        assertUserError(Cli.run("train", "--candles", BTC.toString(), BTC.toString(), "--symbol", "BTCUSDT", "--set",
                "standard28", "--arch", "lstm28", "--out", out), "--symbol is given 1 times for 2");
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "standard28", "--arch", "lstm28",
                "--epochs", "0", "--out", out), "epochs", "0");
        Files.createDirectory(dir.resolve("exists"));
        assertUserError(Cli.run("train", "--candles", BTC.toString(), "--set", "standard28", "--arch", "lstm28",
                "--out", dir.resolve("exists").toString()), "exists");
        assertThat(listing(dir)).containsExactly("exists");
    }

    @Test
    void gpuWithoutCudaIsAOneLineError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() > 0,
                "a GPU is present");
        Cli.Result r = Cli.run("train", "--candles", BTC.toString(), "--set", "standard14/takerFlow", "--arch",
                "lstm14", "--to", "2019-08-01", "--sequence-length", "20", "--device", "gpu", "--out",
                dir.resolve("gpu").toString());
        assertUserError(r, "device gpu requested", "CUDA libtorch");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void stopOnShutdownInterruptsTheWorkerAndWaitsForIt() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean cleanedUp = new java.util.concurrent.atomic.AtomicBoolean();
        StopOnShutdown[] stop = new StopOnShutdown[1];
        Thread worker = new Thread(() -> {
            try (StopOnShutdown s = StopOnShutdown.install(Thread.currentThread(), 30)) {
                stop[0] = s;
                started.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                cleanedUp.set(true); // what the trainer does before it returns: remove its temporary files
                s.finished();
            }
        });
        worker.start();
        assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        stop[0].stop(); // what the shutdown hook runs
        assertThat(cleanedUp).as("stop() returns only after the worker finished").isTrue();
        worker.join(30_000);
    }
}
