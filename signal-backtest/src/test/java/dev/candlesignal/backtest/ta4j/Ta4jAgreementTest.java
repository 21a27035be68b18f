package dev.candlesignal.backtest.ta4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.BacktestRange;
import dev.candlesignal.backtest.Backtester;
import dev.candlesignal.backtest.ExitReason;
import dev.candlesignal.backtest.Predictions;
import dev.candlesignal.backtest.Simulation;
import dev.candlesignal.backtest.Strategy;
import dev.candlesignal.backtest.Trade;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Indicator;
import org.ta4j.core.Position;
import org.ta4j.core.Rule;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;
import org.ta4j.core.criteria.NumberOfPositionsCriterion;
import org.ta4j.core.criteria.pnl.GrossReturnCriterion;
import org.ta4j.core.num.Num;
import org.ta4j.core.rules.OpenedPositionMinimumBarCountRule;

/**
 * The same rules in Ta4j's backtester and ours give the same trades: enter long on the strategy's BUY signals at the
 * bar's close, exit at the close {@code HOLD} bars later (ours: stop and target out of reach, the maximum hold
 * {@code HOLD} candles; Ta4j: {@link OpenedPositionMinimumBarCountRule}), no costs. A cooldown of {@code HOLD}
 * candles keeps signals off the exit bars (Ta4j does one thing per bar: it cannot exit and enter on the same one).
 */
class Ta4jAgreementTest {
    private static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    private static final int HOLD = 6;

    @Test
    void barSeriesManagerAndTheBacktesterAgreeOnTheTrades() {
        FeatureSet features = FeatureSets.standard28();
        List<Candle> candles = Candles.randomWalk(21, 3000);
        try (TestModel model = TestModel.linear(features, 60, "1")) {
            Backtester backtester = Backtester.builder().featureSet(features).model(model).build();
            Predictions p = backtester.predict(Map.of(BTC, candles));
            Strategy strategy = Strategy.defaults(Interval.HOUR_1)
                    .withPolicy(ThresholdPolicy.builder().minConfidence(0.52).stopAtrMultiple(1e6)
                            .targetAtrMultiple(1e6).build())
                    .withCooldown(Cooldown.ofCandles(HOLD))
                    .withRule(OutcomeRule.builder().commission(0).slippage(0)
                            .maxHold(Strategy.holdOf(HOLD, Interval.HOUR_1)).build())
                    .withLongOnly(true);
            Simulation ours = backtester.simulate(p, BacktestRange.all(), strategy);

            BarSeries series = Ta4jBridge.series("BTCUSDT", candles);
            Rule entry = Ta4jBridge.signals(series, p, BTC, features, strategy, Action.BUY);
            TradingRecord record = new BarSeriesManager(series, new TradeOnCurrentCloseModel())
                    .run(new BaseStrategy(entry, new OpenedPositionMinimumBarCountRule(HOLD)));

            List<Trade> closed = ours.trades().stream().filter(t -> t.exitReason() != ExitReason.END).toList();
            assertThat(closed).hasSizeGreaterThan(50).allSatisfy(t ->
                    assertThat(t.exitReason()).isEqualTo(ExitReason.TIMEOUT));
            List<Position> theirs = record.getPositions();
            assertThat(theirs).hasSize(closed.size());
            for (int k = 0; k < closed.size(); k++) {
                Trade t = closed.get(k);
                Position pos = theirs.get(k);
                assertThat(series.getBar(pos.getEntry().getIndex()).getBeginTime()).isEqualTo(t.entryTime());
                assertThat(series.getBar(pos.getExit().getIndex()).getBeginTime()).isEqualTo(t.exitTime());
                assertThat(pos.getEntry().getPricePerAsset().doubleValue()).isEqualTo(t.entry());
                assertThat(pos.getExit().getPricePerAsset().doubleValue()).isEqualTo(t.exit());
            }
            // and the analysis criteria agree with our metrics over the same positions
            assertThat(new NumberOfPositionsCriterion().calculate(series, record).intValue()).isEqualTo(closed.size());
            double compounded = closed.stream().mapToDouble(t -> 1 + t.pnlPct() / 100).reduce(1, (a, b) -> a * b);
            assertThat(new GrossReturnCriterion().calculate(series, record).doubleValue())
                    .isCloseTo(compounded, within(1e-9));

            // the P(up) indicator carries the engine's probabilities, NaN during the warm-up
            Indicator<Num> pUp = Ta4jBridge.probability(series, p.streams().get(BTC));
            assertThat(pUp.getCountOfUnstableBars()).isEqualTo(108); // standard28: 49 warm-up + 60 window - 1
            assertThat(pUp.getValue(0).isNaN()).isTrue();
            for (int i = 108; i < candles.size(); i += 97) {
                assertThat(pUp.getValue(i).doubleValue()).isEqualTo(p.streams().get(BTC).probability(i));
            }
        }
    }
}
