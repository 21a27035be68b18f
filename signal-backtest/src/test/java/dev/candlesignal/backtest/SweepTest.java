package dev.candlesignal.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    private static final StreamKey STREAM = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    @Test
    void parsesExactDecimalGrids() {
        SweepGrid g = SweepGrid.parse("min-confidence=0.5:0.7:0.02,stop-atr=1:3:0.5");
        assertThat(g.names()).containsExactly("min-confidence", "stop-atr");
        assertThat(g.size()).isEqualTo(55);
        List<Map<String, BigDecimal>> c = g.combinations();
        assertThat(c.get(0)).containsEntry("min-confidence", new BigDecimal("0.5")).containsEntry("stop-atr",
                new BigDecimal("1"));
        assertThat(c.get(54)).containsEntry("min-confidence", new BigDecimal("0.70"))
                .containsEntry("stop-atr", new BigDecimal("3.0"));
        for (String bad : List.of("min-confidence", "foo=1", "stop-atr=3:1:0.5", "stop-atr=1:3:0", "stop-atr=a:b:c",
                "stop-atr=1,stop-atr=2", "max-hold=1:100000000:1")) {
            assertThatThrownBy(() -> SweepGrid.parse(bad)).as(bad).isInstanceOf(BacktestException.class)
                    .hasMessageStartingWith("--sweep " + bad + ": ");
        }
    }

    @Test
    void aSweepPredictsOnceAndGivesWhatEachStrategyGivesAlone(@TempDir Path dir) throws Exception {
        TestFeatureSet fs = TestFeatureSet.create();
        try (TestModel model = TestModel.linear(fs, 10, "1")) {
            Backtester b = Backtester.builder().featureSet(fs).model(model).build();
            Predictions p = b.predict(Map.of(STREAM, Candles.randomWalk(9, 2000)));
            long windows = model.windowsPredicted();
            SweepGrid grid = SweepGrid.parse("min-confidence=0.5:0.56:0.02,stop-atr=1:2:1,max-hold=12:24:12");
            Strategy base = Strategy.defaults(Interval.HOUR_1);
            List<Map<String, BigDecimal>> combos = grid.combinations();
            List<Strategy> strategies = combos.stream().map(c -> SweepGrid.apply(base, c, Interval.HOUR_1)).toList();
            List<Simulation> results = b.sweep(p, BacktestRange.all(), strategies, 2);
            assertThat(model.windowsPredicted()).isEqualTo(windows); // no prediction after the first pass
            assertThat(results).hasSize(16);
            for (int i = 0; i < strategies.size(); i++) {
                Simulation alone = b.simulate(p, BacktestRange.all(), strategies.get(i));
                assertThat(results.get(i).metrics()).isEqualTo(alone.metrics());
            }
            ThresholdPolicy last = (ThresholdPolicy) strategies.get(15).policy();
            assertThat(last.minConfidence()).isEqualTo(0.56);
            assertThat(last.stopAtrMultiple()).isEqualTo(2.0);
            assertThat(strategies.get(15).rule().maxHold()).isEqualTo(java.time.Duration.ofHours(24));
            List<Map<String, Simulation>> baselines = strategies.stream()
                    .map(st -> b.baselines(p, BacktestRange.all(), st)).toList();
            grid.write(dir.resolve("sweep.csv"), combos, results, baselines, List.of());
            List<String> lines = Files.readAllLines(dir.resolve("sweep.csv"));
            assertThat(lines.get(0)).isEqualTo("min_confidence,stop_atr,max_hold,trades,win_rate,total_return_pct,"
                    + "cagr_pct,max_drawdown_pct,sharpe,sortino,profit_factor,expectancy_pct,exposure_pct,"
                    + "buy_and_hold_return_pct,always_long_return_pct,previous_direction_return_pct");
            assertThat(lines).hasSize(17);
            assertThat(lines.get(16)).startsWith("0.56,2,24,");
            String[] last16 = lines.get(16).split(",", -1);
            Map<String, Simulation> full = b.evaluate(p, BacktestRange.all(), strategies.get(15)).baselines();
            assertThat(Double.parseDouble(last16[last16.length - 2]))
                    .isEqualTo(full.get("always_long").metrics().totalReturnPct());
            assertThat(Double.parseDouble(last16[last16.length - 3]))
                    .isEqualTo(full.get("buy_and_hold").metrics().totalReturnPct());
        }
    }

    @Test
    void combinationsWithTheSameBaselineKeyHaveTheSameBaselines() {
        TestFeatureSet fs = TestFeatureSet.create();
        try (TestModel model = TestModel.linear(fs, 10, "1")) {
            Backtester b = Backtester.builder().featureSet(fs).model(model).build();
            Predictions p = b.predict(Map.of(STREAM, Candles.randomWalk(11, 1500)));
            SweepGrid grid = SweepGrid.parse("min-confidence=0.5:0.6:0.05,strong-confidence=0.6:0.7:0.1,"
                    + "cooldown=0:4:4,stop-atr=1:2:1,max-hold=6:12:6");
            Strategy base = Strategy.defaults(Interval.HOUR_1);
            Map<Map<String, BigDecimal>, Map<String, Double>> seen = new java.util.HashMap<>();
            java.util.Set<Map<String, Double>> distinct = new java.util.HashSet<>();
            for (Map<String, BigDecimal> c : grid.combinations()) {
                Map<String, Double> returns = new java.util.LinkedHashMap<>();
                b.baselines(p, BacktestRange.all(), SweepGrid.apply(base, c, Interval.HOUR_1))
                        .forEach((name, sim) -> returns.put(name, sim.metrics().totalReturnPct()));
                Map<String, Double> before = seen.putIfAbsent(SweepGrid.baselineKey(c), returns);
                if (before != null) {
                    assertThat(returns).as("baselines of %s", c).isEqualTo(before);
                }
                distinct.add(returns);
            }
            assertThat(seen).hasSize(4); // stop-atr x max-hold
            assertThat(distinct).as("the levels and the holding rule do change the baselines").hasSizeGreaterThan(1);
        }
    }
}
