package dev.candlesignal.backtest;

import static dev.candlesignal.backtest.Scripted.BTC;
import static dev.candlesignal.backtest.Scripted.hour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.journal.OutcomeRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The execution rules on hand-made candles, every number worked out here. Costs are the journal's defaults:
 * commission 0.1 % and slippage 0.05 % per side, so a round trip costs 0.3 % of the entry.
 */
class ExecutionRulesTest {
    private static final double COST = 0.003;
    private static final double EPS = 1e-12;

    /** Stop 2 and target 4 away from the close; hold 2 candles; one position; the candles below. */
    private static final List<Candle> CANDLES = Scripted.candles(
            //  open   high   low    close  P(up)
            new double[] {100, 101, 99, 100, 0.9},     // 0: BUY at 100, stop 98, target 104
            new double[] {100, 103, 99, 102, 0.5},     // 1: neither level; HOLD
            new double[] {102, 104.5, 97, 101, 0.1},   // 2: touches 98 and 104: LOSS at 98; then SELL at 101 (97/103)
            new double[] {101, 102, 96.5, 97, 0.5},    // 3: low 96.5 <= 97: WIN at 97
            new double[] {97, 98, 96, 97.5, 0.9},      // 4: BUY at 97.5, stop 95.5, target 101.5, hold ends at 7:00
            new double[] {97.5, 99, 96, 98, 0.5},      // 5: inside the hold, neither level
            new double[] {98, 99, 97, 98.5, 0.5},      // 6: ends at 7:00 = the hold's end: TIMEOUT at 98.5
            new double[] {98.5, 99, 98, 98.7, 0.9});   // 7: the range's last candle: no entry

    private static Strategy strategy() {
        return Strategy.defaults(BTC.interval()).withPolicy(Scripted.fixedLevels(2, 4))
                .withCooldown(Cooldown.none())
                .withRule(OutcomeRule.defaults().toBuilder().maxHold(Duration.ofHours(2)).build());
    }

    private static BacktestResult run(List<Candle> candles, Strategy strategy) {
        try (var model = Scripted.model()) {
            return Backtester.builder().featureSet(Scripted.VOLUME).model(model).build()
                    .run(Map.of(BTC, candles), BacktestRange.all(), strategy);
        }
    }

    @Test
    void exitsFirstThenEntriesAtTheClose() {
        BacktestResult r = run(CANDLES, strategy());
        List<Trade> trades = r.run().trades();
        assertThat(trades).hasSize(3);

        Trade stop = trades.get(0);
        assertThat(stop.side()).isEqualTo(Action.BUY);
        assertThat(stop.entryTime()).isEqualTo(hour(0));
        assertThat(stop.exitTime()).isEqualTo(hour(2));
        assertThat(stop.exitReason()).isEqualTo(ExitReason.STOP); // the candle touched both: the stop wins
        assertThat(stop.entry()).isEqualTo(100);
        assertThat(stop.exit()).isEqualTo(98);
        assertThat(stop.pnlPct()).isCloseTo(100 * (-0.02 - COST), within(EPS));
        assertThat(stop.mfePct()).isCloseTo(3.0, within(EPS));   // high 103 on candle 1
        assertThat(stop.maePct()).isCloseTo(-2.0, within(EPS));  // the stop; candle 2's low 97 came after it

        Trade target = trades.get(1); // entered on the candle the first one closed on
        assertThat(target.side()).isEqualTo(Action.SELL);
        assertThat(target.entryTime()).isEqualTo(hour(2));
        assertThat(target.exitTime()).isEqualTo(hour(3));
        assertThat(target.exitReason()).isEqualTo(ExitReason.TARGET);
        assertThat(target.exit()).isEqualTo(97);
        assertThat(target.pnlPct()).isCloseTo(100 * (4.0 / 101 - COST), within(EPS));
        assertThat(target.mfePct()).isCloseTo(100 * 4.0 / 101, within(EPS));
        assertThat(target.maePct()).isCloseTo(-100 * 1.0 / 101, within(EPS)); // high 102 against a short at 101

        Trade timeout = trades.get(2);
        assertThat(timeout.entryTime()).isEqualTo(hour(4));
        assertThat(timeout.exitTime()).isEqualTo(hour(6));
        assertThat(timeout.exitReason()).isEqualTo(ExitReason.TIMEOUT);
        assertThat(timeout.exit()).isEqualTo(98.5);
        assertThat(timeout.pnlPct()).isCloseTo(100 * (1.0 / 97.5 - COST), within(EPS));
        assertThat(timeout.mfePct()).isCloseTo(100 * 1.5 / 97.5, within(EPS));
        assertThat(timeout.maePct()).isCloseTo(-100 * 1.5 / 97.5, within(EPS));
    }

    @Test
    void equityCompoundsTradeByTradeAndMarksOpenPositionsAtTheirLiquidationValue() {
        BacktestResult r = run(CANDLES, strategy());
        double afterStop = 1 - 0.02 - COST;                       // 0.977
        double afterTarget = afterStop * (1 + 4.0 / 101 - COST);
        double afterTimeout = afterTarget * (1 + 1.0 / 97.5 - COST);
        double[] expected = {
            1.0,                                        // the start
            1 - COST,                                   // 0: BUY at 100, marked at 100
            1 + 0.02 - COST,                            // 1: marked at 102
            afterStop * (1 - COST),                     // 2: stopped, then SELL at 101, marked at 101
            afterTarget,                                // 3: target
            afterTarget * (1 - COST),                   // 4: BUY at 97.5
            afterTarget * (1 + 0.5 / 97.5 - COST),      // 5: marked at 98
            afterTimeout,                               // 6: timeout at 98.5
            afterTimeout,                               // 7: flat
        };
        EquityCurve e = r.run().equity();
        assertThat(e.size()).isEqualTo(9);
        assertThat(e.time(0)).isEqualTo(hour(0));
        assertThat(e.time(8)).isEqualTo(hour(8));
        for (int i = 0; i < expected.length; i++) {
            assertThat(e.value(i)).as("equity %d", i).isCloseTo(expected[i], within(EPS));
        }

        Metrics m = r.metrics();
        assertThat(m.trades()).isEqualTo(3);
        assertThat(m.wins()).isEqualTo(2);
        assertThat(m.winRate()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.totalReturnPct()).isCloseTo(100 * (afterTimeout - 1), within(EPS));
        double p1 = 100 * (-0.02 - COST);
        double p2 = 100 * (4.0 / 101 - COST);
        double p3 = 100 * (1.0 / 97.5 - COST);
        assertThat(m.profitFactor()).isCloseTo((p2 + p3) / -p1, within(EPS));
        assertThat(m.meanTradePct()).isCloseTo((p1 + p2 + p3) / 3, within(EPS));
        assertThat(m.medianTradePct()).isCloseTo(p3, within(EPS));
        assertThat(m.expectancyPct()).isCloseTo((p1 + p2 + p3) / 3, within(EPS));
        // held during candles 1, 2, 3, 5 and 6 of 8
        assertThat(m.exposurePct()).isCloseTo(62.5, within(EPS));
        assertThat(m.avgHoldHours()).isCloseTo((2 + 1 + 2) / 3.0, within(EPS));
        // the peak 1.017 at the end of candle 1 (02:00), the trough at the end of candle 2, back above the peak at
        // the end of candle 6 (07:00): 5 hours
        assertThat(m.maxDrawdownPct()).isCloseTo(100 * (1 - expected[3] / expected[2]), within(EPS));
        assertThat(m.maxDrawdownDurationHours()).isEqualTo(5.0);
        assertThat(m.maxDrawdownRecovered()).isTrue();
        assertThat(m.exitsStop()).isEqualTo(1);
        assertThat(m.exitsTarget()).isEqualTo(1);
        assertThat(m.exitsTimeout()).isEqualTo(1);
        assertThat(m.exitsEnd()).isZero();

        // Sharpe and Sortino from the 8 per-candle returns, annualised by 1h candles: 8766 per year
        double[] ret = new double[8];
        double mean = 0;
        for (int i = 0; i < 8; i++) {
            ret[i] = expected[i + 1] / expected[i] - 1;
            mean += ret[i] / 8;
        }
        double ss = 0;
        double down = 0;
        for (double x : ret) {
            ss += (x - mean) * (x - mean);
            down += x < 0 ? x * x : 0;
        }
        assertThat(m.sharpe()).isCloseTo(mean / Math.sqrt(ss / 7) * Math.sqrt(8766), within(1e-9));
        assertThat(m.sortino()).isCloseTo(mean / Math.sqrt(down / 8) * Math.sqrt(8766), within(1e-9));
        // 8 hours is 8 / 8766 of a year
        assertThat(m.cagrPct()).isCloseTo(100 * (Math.pow(afterTimeout, 8766.0 / 8) - 1), withinPercentage(1e-9));
    }

    @Test
    void aPositionStillOpenWhenTheRangeEndsClosesAtTheLastClose() {
        List<Candle> candles = Scripted.candles(
                new double[] {100, 101, 99, 100, 0.9},   // BUY at 100 (98 / 104)
                new double[] {100, 102, 99, 101, 0.5},
                new double[] {101, 103, 100, 102.5, 0.5});
        Strategy s = strategy().withRule(OutcomeRule.defaults().toBuilder().maxHold(Duration.ofHours(24)).build());
        Trade t = run(candles, s).run().trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.END);
        assertThat(t.exitTime()).isEqualTo(hour(2));
        assertThat(t.exit()).isEqualTo(102.5);
        assertThat(t.pnlPct()).isCloseTo(100 * (0.025 - COST), within(EPS));
    }

    @Test
    void onePositionPerStreamUnlessConfigured() {
        List<Candle> candles = Scripted.candles(
                new double[] {100, 101, 99, 100, 0.9},   // BUY at 100 (98 / 104)
                new double[] {100, 101, 99, 100, 0.9},   // BUY again while the first is open
                new double[] {100, 101, 99, 100, 0.5},
                new double[] {100, 105, 99.5, 104, 0.5}); // both reach 104
        Strategy one = strategy().withRule(OutcomeRule.defaults().toBuilder().maxHold(Duration.ofHours(24)).build());
        assertThat(run(candles, one).run().trades()).hasSize(1);

        BacktestResult two = run(candles, one.withMaxOpenPositions(2));
        assertThat(two.run().trades()).hasSize(2);
        // each position takes half of the stream's capital: (cash + open stakes) / 2, at most the cash
        assertThat(two.run().trades()).extracting(Trade::stake).containsExactly(0.5, 0.5);
        double win = 1 + 0.04 - COST;
        assertThat(two.run().equity().last()).isCloseTo(0.5 * win + 0.5 * win, within(EPS));
    }

    @Test
    void theCooldownSuppressesSameDirectionSignalsAsTheEngineDoes() {
        List<Candle> candles = Scripted.candles(
                new double[] {100, 100.5, 99.5, 100, 0.9},   // BUY, emitted, opens a position
                new double[] {100, 100.5, 99.5, 100, 0.5},
                new double[] {100, 100.5, 99.5, 100, 0.5},   // the position times out here (hold 2h)
                new double[] {100, 100.5, 99.5, 100, 0.9},   // 3 candles after the last BUY: inside "3c"
                new double[] {100, 100.5, 99.5, 100, 0.9},   // 4 candles after: emitted
                new double[] {100, 100.5, 99.5, 100, 0.5});
        List<Trade> none = run(candles, strategy()).run().trades();
        assertThat(none).extracting(Trade::entryTime).containsExactly(hour(0), hour(3));
        List<Trade> three = run(candles, strategy().withCooldown(Cooldown.ofCandles(3))).run().trades();
        assertThat(three).extracting(Trade::entryTime).containsExactly(hour(0), hour(4));
    }

    @Test
    void longOnlyIgnoresSellsForEntries() {
        List<Trade> trades = run(CANDLES, strategy().withLongOnly(true)).run().trades();
        assertThat(trades).extracting(Trade::side).containsOnly(Action.BUY);
        assertThat(trades).extracting(Trade::entryTime).containsExactly(hour(0), hour(4));
    }

    @Test
    void outOfDomainWindowsAreWithheldUnderSuppressAndTradedUnderWarn() {
        // the domain verdicts come from the engine; here they are set by hand on the predictions
        List<Candle> candles = CANDLES;
        double[] p = new double[candles.size()];
        boolean[] ood = new boolean[candles.size()];
        int[] model = new int[candles.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = candles.get(i).volume();
        }
        ood[0] = true; // the first BUY's window was out of domain
        StreamPredictions sp = new StreamPredictions(BTC, candles, p, ood, model);
        Predictions predictions = new Predictions(BTC.interval(), Map.of(BTC, sp),
                List.of(Scripted.model().spec()));
        Backtester b = Backtester.builder().featureSet(Scripted.VOLUME).build();
        List<Trade> suppressed = b.simulate(predictions, BacktestRange.all(), strategy()).trades();
        assertThat(suppressed.get(0).entryTime()).isEqualTo(hour(2));
        List<Trade> warned = b.simulate(predictions, BacktestRange.all(), strategy().withOnDrift(DriftPolicy.WARN))
                .trades();
        assertThat(warned.get(0).entryTime()).isEqualTo(hour(0));
    }
}
