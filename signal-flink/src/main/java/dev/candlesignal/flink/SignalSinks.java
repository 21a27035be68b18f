package dev.candlesignal.flink;

import dev.candlesignal.Evaluation;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Sinks for evaluations.
 *
 * <p>{@link #csvFiles}: Flink's {@link FileSink} writing {@link SignalCsv} lines (no header) into one directory
 * ("bucket") per stream, {@code SYMBOL-INTERVAL}, under {@code dir}. Exactly once: part files are written in progress
 * (hidden, named {@code .part-...inprogress...}) and committed, by an atomic rename to {@code part-<uuid>-<n>.csv},
 * only when the checkpoint that covers them completes (the rolling policy rolls on every checkpoint), so after a
 * failure and a restore from the last checkpoint every line is in exactly one committed file. Enable checkpointing:
 * without it nothing is ever committed. Lines are in order within a part file; a reader that wants one stream's file
 * sorts the committed parts' lines by open time (as {@code ./candlesignal-flink replay} does).
 *
 * <p>Static factory only.
 */
public final class SignalSinks {
    private SignalSinks() {
    }

    /**
     * The exactly-once CSV sink described above. Feed it evaluations that carry a signal (filter on
     * {@code e.signal().isPresent()}); others have no line.
     */
    public static FileSink<Evaluation> csvFiles(String dir) {
        Objects.requireNonNull(dir, "dir");
        return FileSink.forRowFormat(new Path(dir), new CsvEncoder())
                .withBucketAssigner(new ByStream())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".csv").build())
                .build();
    }

    /** The bucket of a stream: {@code BTCUSDT-1h}. */
    public static String bucket(Evaluation e) {
        return e.stream().symbol() + "-" + e.stream().interval().wireName();
    }

    /** One {@link SignalCsv} line and a newline. Stateless. */
    static final class CsvEncoder implements Encoder<Evaluation> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(Evaluation element, java.io.OutputStream stream) throws java.io.IOException {
            stream.write((SignalCsv.line(element) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Buckets by stream. Stateless. */
    static final class ByStream implements BucketAssigner<Evaluation, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(Evaluation element, Context context) {
            return bucket(element);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
