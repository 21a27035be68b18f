package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.CandleSequenceException;
import dev.candlesignal.Signal;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation-free form fills a CandleResult with exactly what the Evaluation form returns. */
class CandleResultTest {
    final TestFeatureSet fs = TestFeatureSet.create();

    SignalEngine engine(RecordingListener listener) {
        SignalEngine.Builder b = SignalEngine.builder().featureSet(fs)
                .model(TestModel.linear(fs, 4, "7", dev.candlesignal.model.Scaler.identity(3), 25))
                .policy(ThresholdPolicy.builder().atrPeriod(3).build());
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }

    @Test
    void resultMatchesTheEvaluation() {
        Property.forAll(Candles.series(1, 50)).tries(60).check(this::resultMatchesTheEvaluation);
    }

    private void resultMatchesTheEvaluation(List<Candle> candles) {
        SignalEngine a = engine(null);
        RecordingListener listener = new RecordingListener();
        SignalEngine b = engine(listener);
        CandleResult out = new CandleResult();
        List<Signal> emitted = new ArrayList<>();
        for (Candle c : candles) {
            Evaluation e = a.onCandle(BTC, c);
            Evaluation.Status status = b.onCandle(BTC, c, out);
            assertThat(status).isEqualTo(e.status()).isEqualTo(out.status());
            assertThat(out.stream()).isEqualTo(BTC);
            assertThat(out.candle()).isEqualTo(c);
            assertThat(out.candlesUntilReady()).isEqualTo(e.candlesUntilReady());
            assertThat(out.hasPrediction()).isEqualTo(e.signal().isPresent());
            assertThat(out.toSignal()).isEqualTo(e.signal());
            if (e.signal().isPresent()) {
                assertThat(out.probability()).isEqualTo(e.signal().get().probability());
                assertThat(out.modelVersion()).isEqualTo("7");
            } else {
                assertThat(out.probability()).isNaN();
                assertThat(out.action()).isEqualTo(Action.HOLD);
            }
            e.emittedSignal().ifPresent(emitted::add);
        }
        assertThat(listener.signals()).isEqualTo(emitted);
        assertThat(listener.evaluations()).as("listeners that want evaluations still get them").hasSize(candles.size());
    }

    @Test
    void errorsAreThrownAndTheResultSaysRejected() {
        // series of at least 3 candles (generated that long rather than discarded when shorter)
        Property.forAll(Candles.series(3, 50)).tries(5).check(this::errorsAreThrownAndTheResultSaysRejected);
    }

    private void errorsAreThrownAndTheResultSaysRejected(List<Candle> candles) {
        SignalEngine engine = engine(null);
        CandleResult out = new CandleResult();
        for (Candle c : candles) {
            engine.onCandle(BTC, c, out);
        }
        assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(0), out)).isInstanceOf(CandleSequenceException.class);
        assertThat(out.status()).isEqualTo(Evaluation.Status.REJECTED);
        assertThat(out.toString()).contains("REJECTED");
    }
}
