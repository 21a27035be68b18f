package dev.candlesignal.flink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.flink.SignalCsv;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Models;
import dev.candlesignal.replay.KlineCsv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candlesignal-flink replay} on its own local mini cluster, and its one-line user errors. */
class ReplayJobTest {
    static final Path MODEL = Path.of("../models/demo-btcusdt-1h");

    @TempDir
    Path temp;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = FlinkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void writesOneFilePerStreamWithTheLinesOfCandlesignalReplay() throws Exception {
        List<Candle> btc = KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv")).subList(0, 400);
        List<Candle> ltc = KlineCsv.read(Path.of("../data/binance/LTCUSDT-1h.csv.gz")).subList(0, 300);
        Path btcFile = temp.resolve("BTCUSDT-1h.csv");
        Path ltcFile = temp.resolve("LTCUSDT-1h.csv");
        KlineCsv.write(btcFile, btc);
        KlineCsv.write(ltcFile, ltc);
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve(ReplayJob.PARTS).resolve("garbage")); // a crashed run's leftovers

        Run r = run("replay", "--candles", btcFile.toString(), ltcFile.toString(), "--model", MODEL.toString(),
                "--out", out.toString(), "--parallelism", "2", "--checkpoint-interval", "200");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 streams");
        assertThat(ReplayJob.outputs(out)).extracting(p -> p.getFileName().toString())
                .containsExactly("BTCUSDT-1h.csv", "LTCUSDT-1h.csv");
        assertThat(out.resolve(ReplayJob.PARTS)).doesNotExist();
        try (Model model = Models.discover().load(MODEL);
                SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                        .model(model).build()) {
            for (var stream : List.of(StreamKey.of("BTCUSDT", Interval.HOUR_1), StreamKey.of("LTCUSDT", Interval.HOUR_1))) {
                List<String> expected = new ArrayList<>();
                expected.add(SignalCsv.HEADER);
                engine.replay(stream, stream.symbol().equals("BTCUSDT") ? btc : ltc).stream()
                        .filter(e -> e.signal().isPresent()).map(SignalCsv::line).forEach(expected::add);
                assertThat(Files.readAllLines(out.resolve(stream.symbol() + "-1h.csv"))).as(stream.toString())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void userErrorsAreOneLineWithStatus2() {
        Run badName = run("replay", "--candles", "candles.csv", "--model", MODEL.toString(), "--out",
                temp.toString());
        assertThat(badName.status()).isEqualTo(2);
        assertThat(badName.err().strip()).startsWith("candlesignal-flink: cannot tell the stream of candles.csv")
                .doesNotContain("\n");
        Run missing = run("replay", "--candles", temp.resolve("BTCUSDT-1h.csv").toString(), "--model",
                MODEL.toString(), "--out", temp.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("is not a file");
        Run noModel = run("replay", "--model", MODEL.toString(), "--out", temp.toString());
        assertThat(noModel.status()).isEqualTo(2);
        assertThat(noModel.err()).contains("--candles");
    }
}
