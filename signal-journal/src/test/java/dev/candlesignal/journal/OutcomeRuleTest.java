package dev.candlesignal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The outcome rule, candle by candle on hand-made 1h candles. The signal candle opens at T0 and closes at 100; a BUY
 * has stop 98 and target 104, a SELL stop 102 and target 96. Default costs: 0.1 % commission and 0.05 % slippage
 * per side, so a trade pays 0.3 percentage points in total.
 */
class OutcomeRuleTest {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final TradeLevels BUY = new TradeLevels(Interval.HOUR_1, T0, Action.BUY, 100, 98, 104);
    static final TradeLevels SELL = new TradeLevels(Interval.HOUR_1, T0, Action.SELL, 100, 102, 96);
    static final OutcomeRule RULE = OutcomeRule.defaults();

    /** The 1h candle opening {@code hours} after T0. */
    static Candle candle(int hours, double open, double high, double low, double close) {
        Instant o = T0.plus(Duration.ofHours(hours));
        return Candle.of(o, o.plus(Duration.ofHours(1)).minusMillis(1), open, high, low, close, 10);
    }

    /** Applies the candles one by one and checks that nothing resolves before the last. */
    static Optional<Resolution> stepThrough(OutcomeRule rule, TradeLevels trade, Candle... candles) {
        Instant lastOpen = trade.openTime();
        double lastClose = trade.entry();
        for (int i = 0; i < candles.length; i++) {
            Optional<Resolution> r = rule.step(trade, lastOpen, lastClose, candles[i]);
            if (i < candles.length - 1) {
                assertThat(r).as("after candle %d of %d", i + 1, candles.length).isEmpty();
            } else {
                assertThat(rule.resolve(trade, List.of(candles))).as("resolve() agrees with step()").isEqualTo(r);
                return r;
            }
            lastOpen = candles[i].openTime();
            lastClose = candles[i].close();
        }
        return Optional.empty();
    }

    @Test
    void buyStopTouchedFirstIsALossAtTheStopPrice() {
        Resolution r = stepThrough(RULE, BUY,
                candle(1, 100, 101, 99, 100.5),   // neither level
                candle(2, 100.5, 103, 99.5, 102), // neither level
                candle(3, 102, 102.5, 97.5, 98.2) // low 97.5 <= stop 98
        ).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.LOSS);
        assertThat(r.exitPrice()).isEqualTo(98);
        assertThat(r.exitTime()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(r.pnlPct()).isCloseTo(100 * (-0.02 - 0.003), within(1e-12)); // -2.3
        assertThat(r.won()).isFalse();
    }

    @Test
    void buyTargetTouchedFirstIsAWinAtTheTargetPrice() {
        Resolution r = stepThrough(RULE, BUY,
                candle(1, 100, 101, 99, 100.5),
                candle(2, 100.5, 104.5, 100, 104.2) // high >= target, low above stop
        ).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.WIN);
        assertThat(r.exitPrice()).isEqualTo(104);
        assertThat(r.exitTime()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(r.pnlPct()).isCloseTo(100 * (0.04 - 0.003), within(1e-12)); // 3.7
        assertThat(r.won()).isTrue();
    }

    @Test
    void levelsAreTouchedInclusively() {
        assertThat(stepThrough(RULE, BUY, candle(1, 100, 101, 98, 99)).orElseThrow().outcome())
                .as("low == stop").isEqualTo(Outcome.LOSS);
        assertThat(stepThrough(RULE, BUY, candle(1, 100, 104, 99, 103)).orElseThrow().outcome())
                .as("high == target").isEqualTo(Outcome.WIN);
    }

    @Test
    void aCandleTouchingBothLevelsIsALoss() {
        Resolution r = stepThrough(RULE, BUY, candle(1, 100, 105, 97, 104.5)).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.LOSS);
        assertThat(r.exitPrice()).isEqualTo(98);
        Resolution s = stepThrough(RULE, SELL, candle(1, 100, 103, 95, 95.5)).orElseThrow();
        assertThat(s.outcome()).isEqualTo(Outcome.LOSS);
        assertThat(s.exitPrice()).isEqualTo(102);
    }

    @Test
    void theSignalCandleAndEarlierCandlesNeverCount() {
        // the signal candle itself dipped to 90 and an earlier candle to 80: neither may stop the BUY out
        Candle before = candle(-1, 100, 100, 80, 99);
        Candle signalCandle = candle(0, 99, 101, 90, 100);
        Candle after = candle(1, 100, 101, 99, 100.5);
        assertThat(RULE.resolve(BUY, List.of(before, signalCandle, after))).isEmpty();
        assertThatThrownBy(() -> RULE.step(BUY, T0, 100, signalCandle))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
        assertThatThrownBy(() -> RULE.step(BUY, T0.minusSeconds(3600), 100, after))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the signal candle");
    }

    @Test
    void timeoutAtTheCloseOfTheLastCandleInsideTheHold() {
        OutcomeRule rule = RULE.toBuilder().maxHold(Duration.ofHours(3)).build();
        // the hold runs from the signal candle's end (T0 + 1h) to T0 + 4h: candles opening at +1h, +2h, +3h
        assertThat(rule.holdEnd(BUY)).isEqualTo(T0.plus(Duration.ofHours(4)));
        Resolution r = stepThrough(rule, BUY,
                candle(1, 100, 101, 99, 100.5),
                candle(2, 100.5, 102, 99.5, 101),
                candle(3, 101, 102, 100, 101.5) // ends exactly at the hold's end, untouched
        ).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.exitPrice()).isEqualTo(101.5);
        assertThat(r.exitTime()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(r.pnlPct()).isCloseTo(100 * (0.015 - 0.003), within(1e-12)); // 1.2
        assertThat(r.won()).as("a timeout with a positive pnl counts as won").isTrue();
    }

    @Test
    void theHoldIsCountedInTimeAcrossAGap() {
        OutcomeRule rule = RULE.toBuilder().maxHold(Duration.ofHours(3)).build();
        // +1h is inside; then the exchange skips +2h..+5h; the candle at +6h ends after the hold and would have
        // stopped the BUY out, but it is outside the hold: TIMEOUT at the close of the +1h candle
        Resolution r = stepThrough(rule, BUY,
                candle(1, 100, 101, 99, 100.8),
                candle(6, 95, 96, 90, 91)
        ).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.exitPrice()).isEqualTo(100.8);
        assertThat(r.exitTime()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(r.pnlPct()).isCloseTo(100 * (0.008 - 0.003), within(1e-12)); // 0.5
    }

    @Test
    void aGapInsideTheHoldDoesNotStretchIt() {
        OutcomeRule rule = RULE.toBuilder().maxHold(Duration.ofHours(5)).build(); // hold ends at T0 + 6h
        // +1h, then a gap, then +4h and +5h: +5h ends at T0 + 6h, the hold's end, although only 3 candles were seen
        Resolution r = stepThrough(rule, BUY,
                candle(1, 100, 101, 99, 100.5),
                candle(4, 100, 101, 99.5, 100.2),
                candle(5, 100.2, 100.9, 99.1, 99.4)
        ).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.exitTime()).isEqualTo(T0.plus(Duration.ofHours(5)));
        assertThat(r.exitPrice()).isEqualTo(99.4);
        assertThat(r.pnlPct()).isCloseTo(100 * (-0.006 - 0.003), within(1e-12));
        assertThat(r.won()).isFalse();
    }

    @Test
    void aGapOverTheWholeHoldExitsAtTheSignalCandlesClose() {
        OutcomeRule rule = RULE.toBuilder().maxHold(Duration.ofHours(3)).build();
        Resolution r = stepThrough(rule, BUY, candle(10, 100, 120, 80, 110)).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.exitTime()).isEqualTo(T0);
        assertThat(r.exitPrice()).isEqualTo(100);
        assertThat(r.pnlPct()).isCloseTo(-0.3, within(1e-12));
    }

    @Test
    void theDefaultHoldIs168HoursOfCandles() {
        Candle[] quiet = new Candle[168];
        for (int i = 0; i < 168; i++) {
            quiet[i] = candle(i + 1, 100, 101, 99, 100.1);
        }
        Resolution r = stepThrough(RULE, BUY, quiet).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.exitTime()).isEqualTo(T0.plus(Duration.ofHours(168)));
    }

    @Test
    void costsAreChargedTwiceEachAndConfigurable() {
        OutcomeRule costly = RULE.toBuilder().commission(0.002).slippage(0.001).build();
        Resolution win = stepThrough(costly, BUY, candle(1, 100, 104.5, 100, 104)).orElseThrow();
        assertThat(win.pnlPct()).isCloseTo(100 * (0.04 - 2 * 0.002 - 2 * 0.001), within(1e-12)); // 3.4
        OutcomeRule free = RULE.toBuilder().commission(0).slippage(0).build();
        assertThat(stepThrough(free, BUY, candle(1, 100, 104.5, 100, 104)).orElseThrow().pnlPct())
                .isCloseTo(4.0, within(1e-12));
        assertThat(free.pnlPct(Action.SELL, 100, 96)).isCloseTo(4.0, within(1e-12));
        // a timeout barely above the entry does not cover the costs: not won
        OutcomeRule shortHold = RULE.toBuilder().maxHold(Duration.ofHours(1)).build();
        Resolution flat = stepThrough(shortHold, BUY, candle(1, 100, 100.5, 99.5, 100.2)).orElseThrow();
        assertThat(flat.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(flat.pnlPct()).isCloseTo(100 * (0.002 - 0.003), within(1e-12));
        assertThat(flat.won()).isFalse();
    }

    @Test
    void sellMirrorsBuy() {
        Resolution loss = stepThrough(RULE, SELL, candle(1, 100, 101, 99, 100.5), candle(2, 100.5, 102.2, 100, 101))
                .orElseThrow();
        assertThat(loss.outcome()).isEqualTo(Outcome.LOSS);
        assertThat(loss.exitPrice()).isEqualTo(102);
        assertThat(loss.exitTime()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(loss.pnlPct()).isCloseTo(100 * (-0.02 - 0.003), within(1e-12));

        Resolution win = stepThrough(RULE, SELL, candle(1, 100, 100.5, 95.5, 96)).orElseThrow();
        assertThat(win.outcome()).isEqualTo(Outcome.WIN);
        assertThat(win.exitPrice()).isEqualTo(96);
        assertThat(win.pnlPct()).isCloseTo(100 * (0.04 - 0.003), within(1e-12));

        OutcomeRule rule = RULE.toBuilder().maxHold(Duration.ofHours(2)).build();
        Resolution timeout = stepThrough(rule, SELL, candle(1, 100, 101, 99, 99.5), candle(2, 99.5, 100, 98.5, 99))
                .orElseThrow();
        assertThat(timeout.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(timeout.exitPrice()).isEqualTo(99);
        assertThat(timeout.pnlPct()).isCloseTo(100 * (0.01 - 0.003), within(1e-12)); // the price fell: a SELL gains
        assertThat(timeout.won()).isTrue();
    }

    @Test
    void aSignalStillOpenAtTheEndOfTheCandlesIsPending() {
        assertThat(RULE.resolve(BUY, List.of(candle(1, 100, 101, 99, 100), candle(2, 100, 101, 99, 100)))).isEmpty();
        assertThat(RULE.resolve(BUY, List.of())).isEmpty();
    }

    @Test
    void pendingResumesFromTheLastCandleSeen() {
        // resolving in two sittings (as after a restart) gives what one sitting gives
        OutcomeRule rule = RULE.toBuilder().maxHold(Duration.ofHours(4)).build();
        Candle c1 = candle(1, 100, 101, 99, 100.5);
        Candle c2 = candle(2, 100.5, 101.5, 99.5, 101);
        Candle c4 = candle(4, 101, 103, 100, 102.5); // after a gap, still inside the hold (ends at T0 + 5h)
        Optional<Resolution> firstSitting = rule.resolve(BUY, List.of(c1, c2));
        assertThat(firstSitting).isEmpty();
        Optional<Resolution> resumed = rule.step(BUY, c2.openTime(), c2.close(), c4);
        assertThat(resumed).isEqualTo(rule.resolve(BUY, List.of(c1, c2, c4)));
        assertThat(resumed.orElseThrow().outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(resumed.orElseThrow().exitPrice()).isEqualTo(102.5);
    }

    @Test
    void tradeLevelsAndRuleValidate() {
        assertThatThrownBy(() -> new TradeLevels(Interval.HOUR_1, T0, Action.BUY, 100, 101, 104))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop <= entry <= target");
        assertThatThrownBy(() -> new TradeLevels(Interval.HOUR_1, T0, Action.SELL, 100, 98, 96))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target <= entry <= stop");
        assertThatThrownBy(() -> new TradeLevels(Interval.HOUR_1, T0, Action.HOLD, 100, 100, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TradeLevels(Interval.HOUR_1, T0, Action.BUY, 0, 0, 1))
                .hasMessageContaining("entry must be finite and > 0");
        assertThatThrownBy(() -> OutcomeRule.builder().maxHold(Duration.ZERO))
                .hasMessageContaining("maxHold must be > 0");
        assertThatThrownBy(() -> OutcomeRule.builder().commission(-0.001)).hasMessageContaining("commission");
        assertThatThrownBy(() -> OutcomeRule.builder().slippage(Double.NaN)).hasMessageContaining("slippage");
        assertThat(RULE.toString()).isEqualTo("max hold 168h, commission 0.1%, slippage 0.05%");
        assertThat(RULE).isEqualTo(OutcomeRule.builder().build()).hasSameHashCodeAs(OutcomeRule.builder().build());
    }
}
