package dev.candlesignal.backtest;

import static dev.candlesignal.backtest.Scripted.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four outputs: headers, one equity row per candle from 1.0, snake_case metrics, IN-SAMPLE marks, no network. */
class BacktestReportTest {
    @TempDir
    Path dir;

    private static List<Candle> candles() {
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double c = 100 + 3 * Math.sin(i / 3.0);
            out.add(Scripted.candle(i, c, c + 1.5, c - 1.5, c, i % 4 == 0 ? 0.9 : i % 4 == 2 ? 0.1 : 0.5));
        }
        return out;
    }

    private BacktestResult run(boolean inSample) {
        ModelSpec spec = Scripted.model().spec();
        if (inSample) {
            spec = spec.withTraining(new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1, Scripted.hour(0),
                    Scripted.hour(30)));
        }
        TestModel model = inSample ? TestModel.withSpec(spec) : Scripted.model();
        try (model) {
            return Backtester.builder().featureSet(Scripted.VOLUME).model(model).allowInSample(inSample).build()
                    .run(Map.of(BTC, candles()), BacktestRange.all(),
                            Strategy.defaults(Interval.HOUR_1).withPolicy(Scripted.fixedLevels(2, 4)));
        }
    }

    @Test
    void writesTheFourOutputs() throws Exception {
        BacktestResult r = run(false);
        BacktestReport.write(r, dir);
        List<String> trades = Files.readAllLines(dir.resolve("trades.csv"));
        assertThat(trades.get(0)).isEqualTo("symbol,entry_time,exit_time,side,entry,exit,exit_reason,pnl_pct,mfe_pct,mae_pct");
        assertThat(trades).hasSize(r.run().trades().size() + 1);
        assertThat(trades.get(1)).startsWith("BTCUSDT,2024-01-01T00:00:00Z,");
        List<String> equity = Files.readAllLines(dir.resolve("equity.csv"));
        assertThat(equity.get(0)).isEqualTo("time,equity");
        assertThat(equity.get(1)).isEqualTo("2024-01-01T00:00:00Z,1.0");
        assertThat(equity).hasSize(60 + 2); // header, the start, one row per candle
        String json = Files.readString(dir.resolve("metrics.json"));
        for (String key : List.of("\"trades\"", "\"win_rate\"", "\"total_return_pct\"", "\"max_drawdown_pct\"",
                "\"sharpe\"", "\"sortino\"", "\"profit_factor\"", "\"in_sample\": false", "\"buy_and_hold\"",
                "\"always_long\"", "\"previous_direction\"", "\"random\"", "\"strategy_percentile\"",
                "\"calibration\"", "\"monthly_returns\"", "\"hit_rate\"")) {
            assertThat(json).contains(key);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("uPlot").contains("const DATA = {").doesNotContain("/*DATA*/")
                .doesNotContainPattern("(?i)<script[^>]+src=").doesNotContainPattern("(?i)<link[^>]+stylesheet")
                .doesNotContain("http://").doesNotContain("//cdn");
        assertThat(BacktestReport.complete(dir)).isTrue();
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).allSatisfy(p -> assertThat(p.getFileName().toString()).doesNotStartWith("."));
        }
    }

    @Test
    void anInSampleRunIsMarkedInEveryOutput() throws Exception {
        BacktestResult r = run(true);
        assertThat(r.inSample()).isTrue();
        BacktestReport.write(r, dir);
        assertThat(Files.readAllLines(dir.resolve("trades.csv")).get(0)).startsWith("# IN-SAMPLE: the backtest range");
        assertThat(Files.readAllLines(dir.resolve("equity.csv")).get(0)).startsWith("# IN-SAMPLE: ");
        assertThat(Files.readString(dir.resolve("metrics.json"))).contains("\"in_sample\": true");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("(IN-SAMPLE)").contains("\"in_sample\":true");
    }
}
