package dev.candlesignal.flink.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.binance.BinanceCandleSource;
import dev.candlesignal.binance.StartPosition;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.BinanceSource;
import dev.candlesignal.io.CandleCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The split, enumerator, reader and serializers of {@link BinanceSource}. */
public final class BinanceSplits {
    private BinanceSplits() {
    }

    /**
     * One stream; {@code resumeFrom} is the open time of the next candle not emitted yet, null before the first.
     * Immutable.
     */
    public record StreamSplit(StreamKey stream, Instant resumeFrom) implements SourceSplit {
        public StreamSplit {
            Objects.requireNonNull(stream, "stream");
        }

        @Override
        public String splitId() {
            return stream.toString();
        }

        /** The reader this split belongs to, among {@code readers}. */
        int owner(int readers) {
            return Math.floorMod(splitId().hashCode(), readers);
        }
    }

    /** Splits: version 1, the stream key, a presence flag and the resume time. Stateless. */
    public static final class SplitSerializer implements SimpleVersionedSerializer<StreamSplit> {
        public static final SplitSerializer INSTANCE = new SplitSerializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(StreamSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            write(split, out);
            out.flush();
            return bytes.toByteArray();
        }

        static void write(StreamSplit split, DataOutputStream out) throws IOException {
            Codecs.writeKey(split.stream(), out);
            out.writeBoolean(split.resumeFrom() != null);
            if (split.resumeFrom() != null) {
                CandleCodec.writeInstant(split.resumeFrom(), out);
            }
        }

        @Override
        public StreamSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("Binance split version " + version + ", this code reads 1");
            }
            return read(new DataInputStream(new ByteArrayInputStream(serialized)));
        }

        static StreamSplit read(DataInputStream in) throws IOException {
            StreamKey key = Codecs.readKey(in);
            Instant resume = in.readBoolean() ? CandleCodec.readInstant(in) : null;
            return new StreamSplit(key, resume);
        }
    }

    /** The enumerator's checkpoint: the splits not assigned yet. Stateless. */
    public static final class PendingSerializer implements SimpleVersionedSerializer<List<StreamSplit>> {
        public static final PendingSerializer INSTANCE = new PendingSerializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<StreamSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(splits.size());
            for (StreamSplit s : splits) {
                SplitSerializer.write(s, out);
            }
            out.flush();
            return bytes.toByteArray();
        }

        @Override
        public List<StreamSplit> deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("Binance enumerator state version " + version + ", this code reads 1");
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int n = in.readInt();
            List<StreamSplit> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(SplitSerializer.read(in));
            }
            return splits;
        }
    }

    /**
     * Assigns each split to the reader its hash names, as soon as that reader registers; splits handed back by a
     * failed reader wait for it to come back. Confined to the coordinator thread.
     */
    public static final class Enumerator implements SplitEnumerator<StreamSplit, List<StreamSplit>> {
        private final SplitEnumeratorContext<StreamSplit> context;
        private final List<StreamSplit> pending;

        public Enumerator(SplitEnumeratorContext<StreamSplit> context, List<StreamSplit> pending) {
            this.context = context;
            this.pending = new ArrayList<>(pending);
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
        }

        @Override
        public void addSplitsBack(List<StreamSplit> splits, int subtaskId) {
            pending.addAll(splits);
            if (context.registeredReaders().containsKey(subtaskId)) {
                addReader(subtaskId);
            }
        }

        @Override
        public void addReader(int subtaskId) {
            int readers = context.currentParallelism();
            List<StreamSplit> mine = new ArrayList<>();
            pending.removeIf(s -> {
                boolean owned = s.owner(readers) == subtaskId;
                if (owned) {
                    mine.add(s);
                }
                return owned;
            });
            for (StreamSplit s : mine) {
                context.assignSplit(s, subtaskId);
            }
        }

        @Override
        public List<StreamSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(pending);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Subscribes to each assigned stream on its own {@link BinanceCandleSource} (one per reader); the source's threads
     * queue candles, the task thread emits them in {@link #pollNext} and tracks each split's next open time.
     */
    public static final class Reader implements SourceReader<StreamCandle, StreamSplit> {
        private final SourceReaderContext context;
        private final BinanceSource.SourceFactory factory;
        private final BinanceSource.Start start;
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        private final Object lock = new Object();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private final Map<String, StreamSplit> splits = new LinkedHashMap<>();
        private final Map<String, SourceOutput<StreamCandle>> outputs = new LinkedHashMap<>();
        private final List<Subscription> subscriptions = new ArrayList<>();
        private BinanceCandleSource source;

        public Reader(SourceReaderContext context, BinanceSource.SourceFactory factory, BinanceSource.Start start) {
            this.context = context;
            this.factory = factory;
            this.start = start;
        }

        @Override
        public void start() {
            source = factory.create();
        }

        @Override
        public void addSplits(List<StreamSplit> added) {
            for (StreamSplit split : added) {
                splits.put(split.splitId(), split);
                StartPosition position = split.resumeFrom() != null ? StartPosition.from(split.resumeFrom())
                        : start.position();
                subscriptions.add(source.subscribe(List.of(split.stream()), position, new Listener()));
            }
        }

        /** Queues what the source delivers, on the source's thread, and wakes the task. */
        private final class Listener implements CandleListener {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                offer(new StreamCandle(stream, candle));
            }

            @Override
            public void onFailure(Throwable error) {
                offer(error);
            }
        }

        private void offer(Object event) {
            queue.add(event);
            synchronized (lock) {
                available.complete(null);
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<StreamCandle> output) {
            Object event = queue.poll();
            if (event == null) {
                synchronized (lock) {
                    if (queue.isEmpty()) {
                        if (available.isDone()) {
                            available = new CompletableFuture<>();
                        }
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                }
                return InputStatus.MORE_AVAILABLE;
            }
            if (event instanceof Throwable error) {
                throw new CandleSourceException("the Binance source failed: " + error.getMessage(), error);
            }
            StreamCandle c = (StreamCandle) event;
            String id = c.stream().toString();
            SourceOutput<StreamCandle> out = outputs.computeIfAbsent(id, output::createOutputForSplit);
            out.collect(c, c.candle().openTime().toEpochMilli());
            splits.put(id, new StreamSplit(c.stream(), c.stream().interval().next(c.candle().openTime())));
            return queue.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<StreamSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(splits.values());
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            synchronized (lock) {
                return available;
            }
        }

        @Override
        public void notifyNoMoreSplits() {
        }

        @Override
        public void close() {
            for (Subscription s : subscriptions) {
                s.close();
            }
            if (source != null) {
                source.close();
            }
        }
    }
}
