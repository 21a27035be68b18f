package dev.candlesignal.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.Signal;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.internal.Decider;
import dev.candlesignal.backtest.internal.Signals;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.DomainGuard;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backtest predicts once and re-applies policy, drift policy and cooldown per strategy; this checks that it
 * emits exactly the signals a {@link SignalEngine} configured with the same strategy emits, candle for candle.
 */
class EngineEquivalenceTest {
    private static final StreamKey STREAM = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    private static final TestFeatureSet FEATURES = TestFeatureSet.create();
    /** Far from the random walk's numbers in places, so that the guard below finds some windows out of domain. */
    private static final Scaler SCALER = new Scaler(new double[] {0, 0, 6.2}, new double[] {0.01, 0.01, 0.4}, 1e-8);
    private static final DomainGuard GUARD = new DomainGuard(1.0, 0.5);

    @Test
    void reDecidingPrecomputedProbabilitiesGivesTheEnginesSignals() {
        List<Candle> candles = Candles.randomWalk(17, 1500);
        try (TestModel model = TestModel.linear(FEATURES, 10, "1", SCALER, 0.8)) {
            Backtester backtester = Backtester.builder().featureSet(FEATURES).model(model)
                    .engineOptions(b -> b.domainGuard(GUARD)).build();
            Predictions predictions = backtester.predict(Map.of(STREAM, candles));
            StreamPredictions sp = predictions.streams().get(STREAM);
            int outOfDomain = 0;
            for (int i = 0; i < sp.size(); i++) {
                outOfDomain += sp.outOfDomain(i) ? 1 : 0;
            }
            assertThat(outOfDomain).as("out-of-domain windows").isBetween(20, sp.predictedCount() - 100);

            List<SignalPolicy> policies = List.of(ThresholdPolicy.defaults(),
                    ThresholdPolicy.builder().minConfidence(0.52).stopAtrMultiple(1.5).atrPeriod(30).build());
            List<Cooldown> cooldowns = List.of(Cooldown.none(), Cooldown.of(Duration.ofMinutes(60)),
                    Cooldown.of(Duration.ofMinutes(150)), Cooldown.ofCandles(3));
            int compared = 0;
            for (SignalPolicy policy : policies) {
                for (Cooldown cooldown : cooldowns) {
                    for (DriftPolicy drift : DriftPolicy.values()) {
                        List<String> engine = engineSignals(model, policy, cooldown, drift, candles);
                        Strategy strategy = Strategy.defaults(Interval.HOUR_1).withPolicy(policy)
                                .withCooldown(cooldown).withOnDrift(drift);
                        Signals signals = new Decider(FEATURES, 10).decide(sp, strategy);
                        List<String> ours = new ArrayList<>();
                        for (int i = 0; i < sp.size(); i++) {
                            if (signals.action[i] != Signals.NONE) {
                                ours.add(sp.candle(i).openTime() + " " + Signals.toAction(signals.action[i]) + " "
                                        + signals.entry[i] + " " + signals.stop[i] + " " + signals.target[i]);
                            }
                        }
                        assertThat(ours).as("%s, cooldown %s, drift %s", policy, cooldown, drift)
                                .isEqualTo(engine).isNotEmpty();
                        compared += ours.size();
                    }
                }
            }
            assertThat(compared).isGreaterThan(1000);
        }
    }

    private static List<String> engineSignals(TestModel model, SignalPolicy policy, Cooldown cooldown,
            DriftPolicy drift, List<Candle> candles) {
        List<String> out = new ArrayList<>();
        try (SignalEngine engine = SignalEngine.builder().featureSet(FEATURES).model(model).policy(policy)
                .cooldown(cooldown).onDrift(drift).domainGuard(GUARD).build()) {
            for (Evaluation e : engine.replay(STREAM, candles)) {
                if (e.emitted()) {
                    Signal s = e.signal().orElseThrow();
                    out.add(s.candleTime() + " " + s.action() + " " + s.entryPrice() + " " + s.stopLoss() + " "
                            + s.takeProfit());
                }
            }
        }
        return out;
    }
}
