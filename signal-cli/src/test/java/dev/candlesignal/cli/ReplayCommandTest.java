package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    static final Path MODEL = Path.of("../models/demo-btcusdt-1h");
    static final Path BTC = Path.of("../data/binance/BTCUSDT-1h.csv");

    @Test
    void withoutArgumentsReplaysTheBundledYearThroughTheDemoModel() {
        Cli.Result r = Cli.run("replay");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("symbol,open_time,close,probability,action,strength,confidence,stop_loss,take_profit");
        // 8760 candles, 20 + 60 - 1 = 79 to the first prediction
        assertThat(lines).hasSize(1 + 8760 - 78);
        assertThat(lines[1]).startsWith("BTCUSDT,2019-07-04T06:00:00Z,");
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(9);
            double p = Double.parseDouble(cells[3]);
            assertThat(p).isBetween(0.0, 1.0);
            switch (cells[4]) {
                case "BUY" -> {
                    assertThat(p).isGreaterThanOrEqualTo(0.55);
                    assertThat(Double.parseDouble(cells[7])).isLessThan(Double.parseDouble(cells[2]));
                    assertThat(Double.parseDouble(cells[8])).isGreaterThan(Double.parseDouble(cells[2]));
                }
                case "SELL" -> {
                    assertThat(p).isLessThanOrEqualTo(0.45);
                    assertThat(Double.parseDouble(cells[7])).isGreaterThan(Double.parseDouble(cells[2]));
                }
                case "HOLD" -> assertThat(cells[7]).isEmpty();
                default -> throw new AssertionError("unexpected action in " + line);
            }
        }
        assertThat(r.err()).contains("replayed 8760 BTCUSDT@1h candles").contains("demo-btcusdt-1h-standard14 v1")
                .contains("8 gaps, 24 candles missing").contains("signals: BUY").contains("hit rate");
    }

    @Test
    void jsonLinesCarryTheStatus(@TempDir Path dir) throws IOException {
        Path slice = slice(dir, 400);
        Cli.Result r = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--format", "json",
                "--cooldown", "180");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(400 - 78);
        assertThat(lines.get(0)).startsWith("{\"symbol\":\"BTCUSDT\",\"interval\":\"1h\",\"open_time\":\"2019-07-04T06:00:00Z\"")
                .contains("\"status\":\"");
        assertThat(lines).anyMatch(l -> l.contains("\"status\":\"COOLDOWN\"") && l.contains("\"action\":\"HOLD\"")
                && l.contains("\"suppressed\":\""));
    }

    @Test
    void theSameCandlesGiveTheSameLinesAsTheFullReplay(@TempDir Path dir) throws IOException {
        Path slice = slice(dir, 300);
        Cli.Result part = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString());
        Cli.Result full = Cli.run("replay");
        List<String> fullLines = full.out().lines().toList();
        assertThat(part.out().lines().toList()).isEqualTo(fullLines.subList(0, 1 + 300 - 78));
    }

    @Test
    void theDjlBackendGivesTheSameSignals(@TempDir Path dir) throws IOException {
        Path slice = slice(dir, 300);
        List<String> onnx = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString()).out().lines().toList();
        Cli.Result djl = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--backend", "djl");
        assertThat(djl.status()).as(djl.err()).isZero();
        assertThat(djl.err()).contains("standard14/takerFlow, djl)");
        List<String> lines = djl.out().lines().toList();
        assertThat(lines).hasSameSizeAs(onnx);
        for (int i = 1; i < lines.size(); i++) {
            String[] a = onnx.get(i).split(",", -1);
            String[] b = lines.get(i).split(",", -1);
            assertThat(Double.parseDouble(b[3])).isCloseTo(Double.parseDouble(a[3]), org.assertj.core.api.Assertions.within(2e-6));
            assertThat(b[4]).as(lines.get(i)).isEqualTo(a[4]);
        }
        assertUserError(Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--backend", "tf"),
                "unknown backend 'tf' (available: onnx, djl)");
    }

    @Test
    void theDefaultBackendIsChosenFromTheBundlesWeights(@TempDir Path dir) throws IOException {
        Path slice = slice(dir, 100);
        Path torchScriptOnly = DemoBundles.torchScriptOnly(dir.resolve("pt-only"));
        Cli.Result r = Cli.run("replay", "--candles", slice.toString(), "--model", torchScriptOnly.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("standard14/takerFlow, djl)");
        assertThat(r.out().lines().toList()).hasSize(1 + 100 - 78);
        assertUserError(Cli.run("replay", "--candles", slice.toString(), "--model", torchScriptOnly.toString(),
                "--backend", "onnx"), "has no onnx weights for backend onnx (it has [torchscript]; backends present that "
                        + "can load it: djl)");
    }

    @Test
    void theHelpListsTheBackendsFound() {
        Cli.Result r = Cli.run("replay", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--backend=NAME Model backend, one of: onnx, djl")
                .contains("Default: chosen from the bundle's weights, onnx first");
    }

    @Test
    void unsortedCandlesAreAOneLineError(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(BTC).subList(0, 200));
        String moved = lines.remove(50);
        lines.add(120, moved);
        Path file = dir.resolve("BTCUSDT-1h.csv");
        Files.write(file, lines);
        assertUserError(Cli.run("replay", "--candles", file.toString(), "--model", MODEL.toString()),
                "is before the previous row's");
    }

    @Test
    void unknownColumnsAreAOneLineError(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(BTC).subList(0, 100));
        lines.set(0, lines.get(0).replace("trades", "trade_count"));
        Path file = dir.resolve("x.csv");
        Files.write(file, lines);
        assertUserError(Cli.run("replay", "--candles", file.toString(), "--model", MODEL.toString()),
                "unknown column 'trade_count'");
    }

    @Test
    void aModelForAnotherFeatureSetIsAOneLineError(@TempDir Path dir) throws IOException {
        assertUserError(Cli.run("replay", "--candles", slice(dir, 200).toString(), "--model", MODEL.toString(), "--set",
                "standard28"), "expects [60, 14] (standard14/takerFlow) but the engine is configured with standard28 [60, 28]");
    }

    @Test
    void aDamagedModelIsAOneLineError(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(MODEL)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        byte[] onnx = Files.readAllBytes(model.resolve("model.onnx"));
        Files.write(model.resolve("model.onnx"), Arrays.copyOf(onnx, onnx.length / 2));
        assertUserError(Cli.run("replay", "--candles", slice(dir, 200).toString(), "--model", model.toString()),
                "(truncated copy?)");
        assertUserError(Cli.run("replay", "--model", dir.resolve("nope").toString()), "no model bundle at");
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertUserError(Cli.run("replay", "--format", "xml"), "--format must be csv or json, not 'xml'");
        assertUserError(Cli.run("replay", "--min-confidence", "0.3"), "minConfidence must be in [0.5, 1] but was 0.3");
        assertUserError(Cli.run("replay", "--candles", "no-such.csv"), "no-such.csv is not a file");
        assertUserError(Cli.run("replay", "--interval", "1H"), "unknown interval '1H'");
    }

    static Path slice(Path dir, int candles) throws IOException {
        List<Candle> all = KlineCsv.read(BTC);
        Path file = dir.resolve("BTCUSDT-1h-slice.csv");
        KlineCsv.write(file, all.subList(0, candles));
        return file;
    }

    static void assertUserError(Cli.Result r, String message) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(CandleSignalCli.USER_ERROR);
        assertThat(r.err()).startsWith("candlesignal: ").contains(message);
        assertThat(r.err().strip().lines().count()).as("one line, no stack trace: " + r.err()).isEqualTo(1);
    }
}
