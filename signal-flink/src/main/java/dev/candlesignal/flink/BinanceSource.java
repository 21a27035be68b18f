package dev.candlesignal.flink;

import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.BinanceCandleSource;
import dev.candlesignal.binance.StartPosition;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.internal.BinanceSplits;
import dev.candlesignal.flink.internal.BinanceSplits.StreamSplit;
import dev.candlesignal.flink.internal.StreamKeys;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * signal-binance's {@link BinanceCandleSource} as an unbounded Flink {@link Source} of closed candles, for live use:
 * one split per stream, each split assigned to one reader (the same reader every time, by the split's hash), each
 * reader running its own {@code BinanceCandleSource} and subscribing to its streams.
 *
 * <p>A split's checkpointed state is the open time of the next candle it has not emitted. A reader restored from a
 * checkpoint subscribes {@link StartPosition#from} that time, so the candles between the checkpoint and the restart
 * are fetched over REST and none is skipped or emitted twice: with the operator's keyed state and an exactly-once sink,
 * a failure loses and repeats no signal. Before any checkpoint a split starts where {@link Builder#start} says
 * (default {@link StartPosition#live()}). A source failure the Binance source cannot recover from fails the task,
 * and Flink restarts it from the last checkpoint. Gaps the exchange reports are not forwarded: the engine sees the
 * missing interval between two candles and reports the gap itself.
 *
 * <pre>{@code
 * BinanceSource source = BinanceSource.builder().streams(List.of(StreamKey.of("BTCUSDT", Interval.HOUR_1)))
 *         .start(BinanceSource.Start.lastClosed(200)).build();
 * DataStream<StreamCandle> candles = env.fromSource(source, KlineFiles.watermarks(), "binance");
 * }</pre>
 *
 * <p>Immutable and serializable (it ships with the job).
 */
public final class BinanceSource implements Source<StreamCandle, StreamSplit, List<StreamSplit>> {
    private static final long serialVersionUID = 1L;

    /** The streams as {@code StreamKey.toString()} ({@link StreamKey} is not serializable). */
    private final List<String> streams;
    private final Start start;
    private final SourceFactory factory;

    private BinanceSource(Builder b) {
        this.streams = b.streams.stream().map(StreamKey::toString).toList();
        this.start = b.start;
        this.factory = b.factory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The streams, one split each. */
    public List<StreamKey> streams() {
        return streams.stream().map(StreamKeys::parse).toList();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<StreamSplit, List<StreamSplit>> createEnumerator(
            SplitEnumeratorContext<StreamSplit> context) {
        List<StreamSplit> splits = new ArrayList<>();
        for (StreamKey s : streams()) {
            splits.add(new StreamSplit(s, null));
        }
        return new BinanceSplits.Enumerator(context, splits);
    }

    @Override
    public SplitEnumerator<StreamSplit, List<StreamSplit>> restoreEnumerator(
            SplitEnumeratorContext<StreamSplit> context, List<StreamSplit> checkpoint) {
        return new BinanceSplits.Enumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<StreamSplit> getSplitSerializer() {
        return BinanceSplits.SplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<StreamSplit>> getEnumeratorCheckpointSerializer() {
        return BinanceSplits.PendingSerializer.INSTANCE;
    }

    @Override
    public SourceReader<StreamCandle, StreamSplit> createReader(SourceReaderContext readerContext) {
        return new BinanceSplits.Reader(readerContext, factory, start);
    }

    /** Builds the {@code BinanceCandleSource} of a reader, on the task manager. */
    @FunctionalInterface
    public interface SourceFactory extends Serializable {
        BinanceCandleSource create();
    }

    /**
     * Where a split starts before its first checkpoint: serializable stand-ins for {@link StartPosition}.
     *
     * @param lastClosed the last N closed candles (0: none)
     * @param from every candle from this open time (null: not used)
     */
    public record Start(int lastClosed, Instant from) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Start {
            if (lastClosed < 0) {
                throw new IllegalArgumentException("lastClosed must be >= 0 but was " + lastClosed);
            }
            if (lastClosed > 0 && from != null) {
                throw new IllegalArgumentException("a start is either the last closed candles or a time, not both");
            }
        }

        /** Only candles that close after the subscription started. */
        public static Start live() {
            return new Start(0, null);
        }

        /** The last {@code count} closed candles, then live ones. */
        public static Start lastClosed(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("lastClosed count must be >= 1 but was " + count);
            }
            return new Start(count, null);
        }

        /** Every closed candle from {@code openTime} on, then live ones. */
        public static Start from(Instant openTime) {
            return new Start(0, Objects.requireNonNull(openTime, "openTime"));
        }

        /** The {@link StartPosition} this stands for. */
        public StartPosition position() {
            if (from != null) {
                return StartPosition.from(from);
            }
            return lastClosed > 0 ? StartPosition.lastClosed(lastClosed) : StartPosition.live();
        }
    }

    /** Builds a {@link BinanceSource}. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashSet<StreamKey> streams = new LinkedHashSet<>();
        private Start start = Start.live();
        private SourceFactory factory = () -> BinanceCandleSource.builder().build();

        private Builder() {
        }

        /** The streams to follow; at least one. */
        public Builder streams(List<StreamKey> streams) {
            for (StreamKey s : Objects.requireNonNull(streams, "streams")) {
                this.streams.add(Objects.requireNonNull(s, "stream"));
            }
            return this;
        }

        /** Where splits start before their first checkpoint; default {@link Start#live()}. */
        public Builder start(Start start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * Builds each reader's {@code BinanceCandleSource} (endpoints, rate limits, order-book levels); default
         * {@code BinanceCandleSource.builder().build()}.
         */
        public Builder source(SourceFactory factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * The REST and WebSocket base URLs (a testnet, a fake on 127.0.0.1), with the source's other defaults.
         */
        public Builder endpoints(String restUrl, String webSocketUrl) {
            Objects.requireNonNull(restUrl, "restUrl");
            Objects.requireNonNull(webSocketUrl, "webSocketUrl");
            return source(() -> BinanceCandleSource.builder().restBaseUrl(restUrl).webSocketBaseUrl(webSocketUrl).build());
        }

        /** @throws IllegalStateException if no stream was named */
        public BinanceSource build() {
            if (streams.isEmpty()) {
                throw new IllegalStateException("a Binance source needs at least one stream");
            }
            return new BinanceSource(this);
        }
    }
}
