package dev.candlesignal.engine;

import dev.candlesignal.replay.ReplaySource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.Gap;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineAttachTest {
    final TestFeatureSet fs = TestFeatureSet.create();
    final StreamKey btc = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    final StreamKey eth = StreamKey.of("ETHUSDT", Interval.HOUR_1);

    SignalEngine engine(RecordingListener listener) {
        return SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 4, "1", dev.candlesignal.model.Scaler.identity(3), 30))
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).listener(listener).build();
    }

    /** What a user does: attach a replay, wait until it is done, look at the signals. No awaitIdle, no polling. */
    @Test
    void waitingOnAnAttachedReplayGivesEverySignalOfCallingTheEngineDirectly() throws Exception {
        List<Candle> a = Candles.randomWalk(41, 300);
        List<Candle> b = Candles.randomWalk(42, 300, Interval.HOUR_1, 2000);
        RecordingListener sync = new RecordingListener();
        try (SignalEngine direct = engine(sync)) {
            for (int i = 0; i < 300; i++) {
                direct.onCandle(btc, a.get(i));
                direct.onCandle(eth, b.get(i));
            }
        }
        RecordingListener async = new RecordingListener();
        SignalEngine engine = engine(async);
        Attachment replay = engine.attach(ReplaySource.of(Map.of(btc, a, eth, b)), List.of(btc, eth));

        replay.completion().get(30, TimeUnit.SECONDS);

        assertThat(async.signals()).isNotEmpty().hasSameSizeAs(sync.signals())
                .containsExactlyInAnyOrderElementsOf(sync.signals());
        assertThat(async.evaluations()).hasSize(600);
        assertThat(replay.isActive()).as("a completed replay").isFalse();
        assertThat(engine.awaitIdle(Duration.ZERO)).as("nothing left to process").isTrue();
        assertThat(engine.status(btc).orElseThrow().candles()).isEqualTo(300);
        engine.close();
        assertThat(replay.completion()).as("closing after completion changes nothing").isCompleted();
    }

    @Test
    void theSourcesGapsReachTheListenersOnceAndInOrderWithTheCandles() throws Exception {
        List<Candle> all = Candles.randomWalk(45, 60);
        List<Candle> holed = new ArrayList<>(all.subList(0, 20));
        holed.addAll(all.subList(23, 60)); // three candles missing at the exchange
        RecordingListener direct = new RecordingListener();
        try (SignalEngine engine = engine(direct)) {
            holed.forEach(c -> engine.onCandle(btc, c));
        }
        RecordingListener attached = new RecordingListener();
        SignalEngine engine = engine(attached);
        List<String> events = new ArrayList<>();
        engine.addListener(new dev.candlesignal.EvaluationListener() {
            @Override
            public void onEvaluation(dev.candlesignal.Evaluation e) {
                events.add("candle " + e.candle().openTime());
            }

            @Override
            public void onGap(Gap gap) {
                events.add("gap " + gap.nextOpenTime());
            }
        });
        engine.attach(ReplaySource.of(btc, holed), List.of(btc)).completion().get(30, TimeUnit.SECONDS);

        Gap expected = new Gap(btc, all.get(19).openTime(), all.get(23).openTime(), 3);
        assertThat(direct.gaps()).containsExactly(expected);
        assertThat(attached.gaps()).as("the source's gap, forwarded once, not recomputed").containsExactly(expected);
        assertThat(engine.status(btc).orElseThrow().gaps()).isEqualTo(1);
        int gapAt = events.indexOf("gap " + all.get(23).openTime());
        assertThat(events.get(gapAt - 1)).isEqualTo("candle " + all.get(19).openTime());
        assertThat(events.get(gapAt + 1)).isEqualTo("candle " + all.get(23).openTime());
        assertThat(attached.signals()).isEqualTo(direct.signals());
        engine.close();
    }

    @Test
    void aSourceFailureCompletesTheAttachmentExceptionallyAfterItsCandlesAndTheFailureWereDelivered() throws Exception {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(listener);
        List<Candle> candles = Candles.randomWalk(46, 30);
        CandleSourceException gone = new CandleSourceException("exchange gone");
        Attachment attachment = engine.attach(scripted(l -> {
            candles.forEach(c -> l.onCandle(btc, c));
            l.onFailure(gone);
        }), List.of(btc));

        assertThatThrownBy(() -> attachment.completion().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(gone);
        assertThat(listener.evaluations()).as("candles before the failure").hasSize(30);
        assertThat(listener.failures()).hasSize(1);
        assertThat(listener.failures().get(0).error()).isSameAs(gone);
        assertThat(listener.failures().get(0).stream()).isEmpty();
        assertThat(attachment.isActive()).isFalse();
        engine.close();
    }

    @Test
    void aSourceThatFailsWhileSubscribingIsReportedToListeners() throws Exception {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(listener);
        Attachment attachment = engine.attach(scripted(l -> l.onFailure(new CandleSourceException("exchange gone"))),
                List.of(btc));
        assertThatThrownBy(() -> attachment.completion().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage("exchange gone");
        assertThat(listener.failures()).hasSize(1);
        assertThat(listener.failures().get(0).error()).hasMessage("exchange gone");
        engine.close();
    }

    @Test
    void closingTheAttachmentCancelsItsCompletionAndClosesTheSource() throws Exception {
        SignalEngine engine = engine(new RecordingListener());
        EndlessSource source = new EndlessSource();
        Attachment attachment = engine.attach(source, List.of(btc));
        CompletableFuture<Void> completion = attachment.completion();
        assertThat(attachment.isActive()).isTrue();
        attachment.close();
        assertThatThrownBy(() -> completion.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(attachment.completion()).isCancelled();
        assertThat(attachment.isActive()).isFalse();
        assertThat(source.closed).isTrue();
        attachment.close(); // idempotent
        engine.close();
    }

    @Test
    void closingTheEngineCancelsEveryAttachment() throws Exception {
        SignalEngine engine = engine(new RecordingListener());
        EndlessSource source = new EndlessSource();
        Attachment attachment = engine.attach(source, List.of(btc));
        engine.close();
        assertThatThrownBy(() -> attachment.completion().get(30, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThat(source.closed).isTrue();
        assertThat(attachment.isActive()).isFalse();
    }

    @Test
    void completingTheReturnedFutureDoesNotCompleteTheAttachment() {
        SignalEngine engine = engine(new RecordingListener());
        Attachment attachment = engine.attach(new EndlessSource(), List.of(btc));
        attachment.completion().complete(null);
        assertThat(attachment.completion()).isNotDone();
        assertThat(attachment.isActive()).isTrue();
        engine.close();
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
    void theCandleListenerForwardsTheSourcesGapsInsteadOfDetectingItsOwn() {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(listener);
        CandleListener feed = engine.candleListener();
        List<Candle> candles = Candles.randomWalk(47, 30);
        candles.subList(0, 10).forEach(c -> feed.onCandle(btc, c));
        Gap gap = new Gap(btc, candles.get(9).openTime(), candles.get(12).openTime(), 2);
        feed.onGap(gap);
        candles.subList(12, 30).forEach(c -> feed.onCandle(btc, c));
        feed.onComplete();
        assertThat(listener.gaps()).as("reported once: the source's").containsExactly(gap);
        assertThat(engine.status(btc).orElseThrow().gaps()).isEqualTo(1);
        assertThat(listener.evaluations()).hasSize(28);
        engine.close();
    }

    /** A source whose subscription runs {@code script} on the subscribing thread, then stays inactive. */
    static CandleSource scripted(java.util.function.Consumer<CandleListener> script) {
        return new CandleSource() {
            @Override
            public List<Candle> history(StreamKey stream, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public Subscription subscribe(Collection<StreamKey> streams, CandleListener l) {
                script.accept(l);
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
    }

    /** A live source that never delivers and never ends. */
    static final class EndlessSource implements CandleSource {
        volatile boolean closed;

        @Override
        public List<Candle> history(StreamKey stream, Instant from, Instant to) {
            return List.of();
        }

        @Override
        public Subscription subscribe(Collection<StreamKey> streams, CandleListener listener) {
            return new Subscription() {
                @Override
                public boolean isActive() {
                    return !closed;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }
}
