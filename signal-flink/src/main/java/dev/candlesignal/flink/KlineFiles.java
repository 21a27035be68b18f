package dev.candlesignal.flink;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.internal.KlineFileFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * A bounded Flink {@link FileSource} of kline CSV files (the layouts {@code KlineCsv} reads, {@code .gz} allowed),
 * for replay and backfill: one split per file, each file's candles in order, so each stream's candles reach its key
 * in order. The stream of a file is named by the file: {@code SYMBOL-INTERVAL...} as {@code BTCUSDT-1h.csv} (the
 * convention of {@code candlesignal download} and Binance's archives). Files may be local or on any Flink
 * {@code FileSystem}.
 *
 * <p>The source reads through {@code KlineFileFormat}, a {@code BulkFormat} rather than a {@code StreamFormat}: a
 * stream format never learns the path of the file it reads, and the path is what names the stream. A file is read
 * whole when its split starts (a year of 1m candles is about 525,000 candles); a checkpoint records how many candles
 * of it were emitted, and a restored reader skips those.
 *
 * <p>Static factory only.
 */
public final class KlineFiles {
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9]+)-(\\d+[smhdwM])\\b.*");

    private KlineFiles() {
    }

    /** A bounded source of the given files (paths or Flink file system URIs). */
    public static FileSource<StreamCandle> source(List<String> files) {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a kline file source needs at least one file");
        }
        Path[] paths = new Path[files.size()];
        for (int i = 0; i < paths.length; i++) {
            String file = files.get(i);
            stream(file).orElseThrow(() -> new IllegalArgumentException("cannot tell the stream of " + file
                    + ": name kline files SYMBOL-INTERVAL.csv (e.g. BTCUSDT-1h.csv or BTCUSDT-1h-2024.csv.gz)"));
            paths[i] = new Path(file);
        }
        return FileSource.forBulkFileFormat(new KlineFileFormat(), paths).build();
    }

    /**
     * Event time for candles: the open time, with per-split monotonous watermarks (each file is in time order). Use
     * it with {@code env.fromSource(source, KlineFiles.watermarks(), "klines")}; model updates need it to switch at
     * their candle.
     */
    public static WatermarkStrategy<StreamCandle> watermarks() {
        return WatermarkStrategy.<StreamCandle>forMonotonousTimestamps()
                .withTimestampAssigner((SerializableTimestampAssigner<StreamCandle>) (c, previous) ->
                        c.candle().openTime().toEpochMilli());
    }

    /** The stream a file name names ({@code BTCUSDT-1h.csv} is BTCUSDT on 1h), if it names one. */
    public static Optional<StreamKey> stream(String file) {
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StreamKey.of(m.group(1), Interval.fromWireName(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
