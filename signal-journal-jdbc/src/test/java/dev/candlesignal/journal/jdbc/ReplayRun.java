package dev.candlesignal.journal.jdbc;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic multi-stream replay for journal tests: three symbols with the same open times (random walks of
 * different seeds), a model whose probability follows the newest candle's return (so that BUYs, SELLs and HOLDs
 * all occur) and the default threshold policy with its ATR levels.
 */
final class ReplayRun {
    static final List<StreamKey> STREAMS = List.of(StreamKey.of("AAAUSDT", Interval.HOUR_1),
            StreamKey.of("BBBUSDT", Interval.HOUR_1), StreamKey.of("CCCUSDT", Interval.HOUR_1));
    /** A short hold, so that WIN, LOSS and TIMEOUT all occur. */
    static final OutcomeRule RULE = OutcomeRule.builder().maxHold(Duration.ofHours(12)).build();

    private ReplayRun() {
    }

    /** Per stream, {@code n} candles. */
    static List<List<Candle>> candles(int n) {
        List<List<Candle>> out = new ArrayList<>();
        for (int i = 0; i < STREAMS.size(); i++) {
            out.add(Candles.randomWalk(1_000 + i, n));
        }
        return out;
    }

    static SignalEngine engine() {
        TestFeatureSet features = TestFeatureSet.create();
        // p = 0.5 + 15 x (the newest candle's return), clipped: a 1 % move gives 0.65
        TestModel model = TestModel.ofNewestFirstFeature(features, 4, "1",
                r -> Math.max(0.02, Math.min(0.98, 0.5 + 15 * r)));
        return SignalEngine.builder().featureSet(features).model(model).policy(ThresholdPolicy.defaults())
                .cooldown(Duration.ofHours(2)).build();
    }
}
