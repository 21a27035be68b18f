package dev.candlesignal.backtest;

import static dev.candlesignal.backtest.Scripted.BTC;
import static dev.candlesignal.backtest.Scripted.ETH;
import static dev.candlesignal.backtest.Scripted.hour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Baselines, the capital split, and the scoring of the probabilities, on hand-made candles. */
class BaselinesTest {
    private static final double COST = 0.003;
    private static final double EPS = 1e-12;

    private static final List<Candle> CANDLES = Scripted.candles(
            new double[] {100, 101, 99, 100, 0.6},    // 0: up-probability 0.6; close = open: no direction
            new double[] {100, 103, 99.5, 102, 0.4},  // 1: up
            new double[] {102, 102.5, 99.5, 100, 0.7}, // 2: down
            new double[] {100, 101, 97, 98, 0.3},     // 3: down
            new double[] {98, 99, 97.5, 99, 0.5});    // 4: up; the last candle

    private static Strategy strategy() {
        return Strategy.defaults(BTC.interval()).withPolicy(Scripted.fixedLevels(2, 4)).withCooldown(Cooldown.none())
                .withRule(OutcomeRule.defaults().toBuilder().maxHold(Duration.ofHours(1)).build());
    }

    private static BacktestResult run(Map<dev.candlesignal.StreamKey, List<Candle>> candles) {
        try (TestModel model = Scripted.model()) {
            return Backtester.builder().featureSet(Scripted.VOLUME).model(model).randomRuns(50).randomSeed(7).build()
                    .run(candles, BacktestRange.all(), strategy());
        }
    }

    @Test
    void buyAndHoldBuysTheFirstCloseAndSellsTheLast() {
        Simulation bh = run(Map.of(BTC, CANDLES)).baselines().get("buy_and_hold");
        assertThat(bh.trades()).singleElement().satisfies(t -> {
            assertThat(t.entryTime()).isEqualTo(hour(0));
            assertThat(t.exitTime()).isEqualTo(hour(4));
            assertThat(t.exitReason()).isEqualTo(ExitReason.END);
            assertThat(t.pnlPct()).isCloseTo(100 * (-0.01 - COST), within(EPS));
        });
        assertThat(bh.equity().value(2)).isCloseTo(1 + 0.02 - COST, within(EPS)); // marked at 102
        assertThat(bh.metrics().totalReturnPct()).isCloseTo(100 * (-0.01 - COST), within(EPS));
    }

    @Test
    void alwaysLongReentersAsSoonAsItIsFlat() {
        // BUY at 100 (98/104): hold 1h, times out at candle 1's close 102; re-entered there at 102 (100/106):
        // candle 2 touches 99.5 <= 100: stopped at 100; re-entered at 100 (98/104): candle 3's low 97 stops it at 98;
        // re-entered at 98 (96/102): candle 4 times out at 99; candle 4 is the last: no entry
        Simulation al = run(Map.of(BTC, CANDLES)).baselines().get("always_long");
        assertThat(al.trades()).extracting(Trade::exit).containsExactly(102.0, 100.0, 98.0, 99.0);
        double expected = (1 + 0.02 - COST) * (1 + (100 - 102) / 102.0 - COST) * (1 - 0.02 - COST)
                * (1 + 1 / 98.0 - COST);
        assertThat(al.equity().last()).isCloseTo(expected, within(EPS));
    }

    @Test
    void previousDirectionFollowsTheLastCandle() {
        // candle 0 has no predecessor; 1 went up: BUY at 102 (100/106), stopped on candle 2 at 100; 2 went down:
        // SELL at 100 (102/96): candle 3 (high 101, low 97) times out at 98; 3 went down: SELL at 98 (100/94):
        // candle 4 times out at 99
        Simulation pd = run(Map.of(BTC, CANDLES)).baselines().get("previous_direction");
        assertThat(pd.trades()).extracting(Trade::side).containsExactly(Action.BUY, Action.SELL, Action.SELL);
        assertThat(pd.trades()).extracting(Trade::exit).containsExactly(100.0, 98.0, 99.0);
    }

    @Test
    void randomEntriesAreSeededAndRankTheStrategy() {
        BacktestResult a = run(Map.of(BTC, CANDLES));
        BacktestResult b = run(Map.of(BTC, CANDLES));
        assertThat(a.random()).isEqualTo(b.random());
        assertThat(a.random().runs()).isEqualTo(50);
        // at most as many entries as the strategy's per run
        assertThat(a.random().meanTrades()).isLessThanOrEqualTo(a.metrics().trades());
        assertThat(a.random().strategyPercentile()).isBetween(0.0, 100.0);
        assertThat(a.random().totalReturnP5()).isLessThanOrEqualTo(a.random().totalReturnP50());
    }

    @Test
    void capitalIsSplitEquallyBetweenStreams() {
        List<Candle> eth = Scripted.candles(
                new double[] {10, 10.5, 9.5, 10, 0.5},
                new double[] {10, 10.5, 9.5, 10, 0.5},
                new double[] {10, 10.5, 9.5, 10, 0.5},
                new double[] {10, 10.5, 9.5, 10, 0.5},
                new double[] {10, 10.5, 9.5, 10, 0.5});
        Map<dev.candlesignal.StreamKey, List<Candle>> both = new LinkedHashMap<>();
        both.put(BTC, CANDLES);
        both.put(ETH, eth);
        BacktestResult two = run(both);
        BacktestResult one = run(Map.of(BTC, CANDLES));
        // ETH never trades; BTC has half of the capital: the portfolio moves half as much
        for (int i = 0; i < one.run().equity().size(); i++) {
            assertThat(two.run().equity().value(i)).isCloseTo(0.5 + 0.5 * one.run().equity().value(i), within(EPS));
        }
        // each BTC position takes all of BTC's half, which compounds trade by trade
        double stake = 0.5;
        List<Trade> trades = two.run().trades();
        assertThat(trades).hasSize(one.run().trades().size()).hasSizeGreaterThan(2);
        for (Trade t : trades) {
            assertThat(t.stake()).isCloseTo(stake, within(EPS));
            stake *= 1 + t.pnlPct() / 100;
        }
    }

    @Test
    void probabilitiesAreScoredAgainstTheNextCandleBesideTheTrivialBaselines() {
        BacktestResult r = run(Map.of(BTC, CANDLES));
        // scored: candles 1, 2 and 3 (0 has no predecessor, 4 no successor)
        // 1: p 0.4 -> down; next (2) went down: hit. 2: p 0.7 -> up; 3 went down: miss. 3: p 0.3; 4 went up: miss
        assertThat(r.quality().count()).isEqualTo(3);
        assertThat(r.quality().hitRate()).isCloseTo(1 / 3.0, within(EPS));
        assertThat(r.quality().alwaysUpHitRate()).isCloseTo(1 / 3.0, within(EPS));
        // previous direction: 1 was up, 2 went down (miss); 2 down, 3 down (hit); 3 down, 4 up (miss)
        assertThat(r.quality().previousDirectionHitRate()).isCloseTo(1 / 3.0, within(EPS));
        // 3 scored predictions: 3 deciles of one each, sorted by probability
        assertThat(r.calibration().bins()).extracting(Calibration.Bin::upFrequency).containsExactly(1.0, 0.0, 0.0);
        assertThat(r.calibration().bins().get(0).meanProbability()).isCloseTo(0.3, within(1e-6));
    }
}
