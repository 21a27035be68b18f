package dev.candlesignal.engine;

import dev.candlesignal.replay.ReplaySource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineAttachTest {
    final TestFeatureSet fs = TestFeatureSet.create();
    final StreamKey btc = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    final StreamKey eth = StreamKey.of("ETHUSDT", Interval.HOUR_1);

    SignalEngine engine(RecordingListener listener) {
        return SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 4, "1", dev.candlesignal.model.Scaler.identity(3), 30))
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).listener(listener).build();
    }

    @Test
    void anAttachedSourceGivesTheSameSignalsAsCallingTheEngineDirectly() throws Exception {
        List<Candle> a = Candles.randomWalk(41, 300);
        List<Candle> b = Candles.randomWalk(42, 300, Interval.HOUR_1, 2000);
        RecordingListener async = new RecordingListener();
        SignalEngine engine = engine(async);
        Subscription sub = engine.attach(ReplaySource.of(Map.of(btc, a, eth, b)), List.of(btc, eth));
        RecordingListener sync = new RecordingListener();
        SignalEngine direct = engine(sync);
        for (int i = 0; i < 300; i++) {
            direct.onCandle(btc, a.get(i));
            direct.onCandle(eth, b.get(i));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (async.evaluations().size() < 600 && System.nanoTime() < deadline) {
            assertThat(engine.awaitIdle(Duration.ofSeconds(5))).isTrue();
            Thread.sleep(10);
        }
        assertThat(async.evaluations()).hasSize(600);
        assertThat(async.signals()).containsExactlyInAnyOrderElementsOf(sync.signals());
        assertThat(async.signals()).isNotEmpty();
        sub.close();
        engine.close();
        assertThat(sub.isActive()).isFalse();
    }

    @Test
    void theCandleListenerFeedsTheEngineAndNeverThrowsAtTheSource() {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(listener);
        CandleListener feed = engine.candleListener();
        List<Candle> candles = Candles.randomWalk(43, 30);
        candles.forEach(c -> feed.onCandle(btc, c));
        feed.onCandle(btc, candles.get(3)); // out of order: reported, not thrown
        feed.onFailure(new dev.candlesignal.CandleSourceException("socket closed"));
        assertThat(listener.evaluations()).hasSize(30);
        assertThat(listener.failures()).hasSize(2);
        assertThat(listener.failures().get(0).error()).isInstanceOf(dev.candlesignal.CandleSequenceException.class);
        assertThat(listener.failures().get(1).stream()).isEmpty();
        engine.close();
        feed.onCandle(btc, Candles.randomWalk(44, 31).get(30));
        assertThat(listener.evaluations()).as("a closed engine ignores the feed").hasSize(30);
    }

    @Test
    void aFailingSourceIsReportedToListeners() throws Exception {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(listener);
        CandleSource failing = new CandleSource() {
            @Override
            public List<Candle> history(StreamKey stream, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public Subscription subscribe(Collection<StreamKey> streams, CandleListener l) {
                l.onFailure(new dev.candlesignal.CandleSourceException("exchange gone"));
                return new Subscription() {
                    @Override
                    public boolean isActive() {
                        return false;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        engine.attach(failing, List.of(btc));
        assertThat(engine.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(listener.failures()).hasSize(1);
        assertThat(listener.failures().get(0).error()).hasMessage("exchange gone");
        assertThat(listener.failures().get(0).stream()).isEmpty();
        engine.close();
    }
}
