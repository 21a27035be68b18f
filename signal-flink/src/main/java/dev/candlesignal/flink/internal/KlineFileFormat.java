package dev.candlesignal.flink.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleFormatException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.FlinkSignals;
import dev.candlesignal.flink.KlineFiles;
import dev.candlesignal.replay.KlineCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads one kline CSV file per split ({@link KlineFiles}): the whole file through {@link KlineCsv} (times checked
 * against the interval the name states), then batches of {@value #BATCH} candles. Each record's position is the
 * number of candles emitted up to and including it, so a checkpointed split restores by skipping that many.
 *
 * <p>Immutable; each reader it creates is confined to the source reader's fetcher thread.
 */
public final class KlineFileFormat implements BulkFormat<StreamCandle, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    static final int BATCH = 1024;

    @Override
    public Reader<StreamCandle> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new KlineReader(split, 0);
    }

    @Override
    public Reader<StreamCandle> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new KlineReader(split, skip);
    }

    /** Not splittable: a file is one stream, read in order by one reader. */
    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<StreamCandle> getProducedType() {
        return FlinkSignals.candleType();
    }

    private static final class KlineReader implements Reader<StreamCandle> {
        private final StreamCandle[] candles;
        private int position;

        KlineReader(FileSourceSplit split, long skip) throws IOException {
            Path path = split.path();
            StreamKey stream = KlineFiles.stream(path.getName()).orElseThrow(() -> new CandleFormatException(path.toString(), 0,
                    "cannot tell the stream of " + path + ": name kline files SYMBOL-INTERVAL.csv"));
            List<Candle> read;
            try (InputStream raw = path.getFileSystem().open(path);
                    InputStream in = path.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                            1 << 16)) {
                read = KlineCsv.read(reader, path.toString(), stream.interval());
            }
            candles = new StreamCandle[read.size()];
            for (int i = 0; i < candles.length; i++) {
                candles[i] = new StreamCandle(stream, read.get(i));
            }
            if (skip < 0 || skip > candles.length) {
                throw new IOException(path + " holds " + candles.length + " candles, but the checkpoint says " + skip
                        + " were already emitted: the file changed since the checkpoint");
            }
            position = (int) skip;
        }

        @Override
        public RecordIterator<StreamCandle> readBatch() {
            if (position >= candles.length) {
                return null;
            }
            int n = Math.min(BATCH, candles.length - position);
            StreamCandle[] chunk = new StreamCandle[n];
            System.arraycopy(candles, position, chunk, 0, n);
            ArrayResultIterator<StreamCandle> it = new ArrayResultIterator<>();
            it.set(chunk, n, CheckpointedPosition.NO_OFFSET, position);
            position += n;
            return it;
        }

        @Override
        public void close() {
        }
    }
}
