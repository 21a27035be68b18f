package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.SourceNeeds;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.internal.Bollinger;
import dev.candlesignal.indicators.internal.Macd;
import dev.candlesignal.indicators.internal.Rsi;
import dev.candlesignal.indicators.internal.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * OHLCV, RSI 14, MACD x3, Bollinger x4 and order-book imbalance (seed-spec 2.3 as adopted), streaming;
 * {@link #compute} is the column-at-a-time form in {@link Standard14Batch}. See
 * {@link FeatureSets#standard14(ImbalanceSource)}.
 *
 * <p>Immutable and thread-safe.
 */
final class Standard14 implements FeatureSet {
    static final List<String> COLUMNS = List.of(
            "open", "high", "low", "close", "volume",
            "rsi_14", "macd", "macd_signal", "macd_hist",
            "bb_upper", "bb_middle", "bb_lower", "bb_width",
            "ob_imbalance");
    static final int WARMUP = 20;

    static final Standard14 TAKER_FLOW = new Standard14(ImbalanceSource.takerFlow());

    private final ImbalanceSource source;
    private final String id;

    Standard14(ImbalanceSource source) {
        this.source = Objects.requireNonNull(source, "source");
        this.id = "standard14/" + source.id();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public int warmupBars() {
        return WARMUP;
    }

    /** {@code orderBook(N)}: N levels attached to every candle; {@code takerFlow}: nothing beyond the kline. */
    @Override
    public SourceNeeds needs() {
        return source.levels().isPresent() ? SourceNeeds.orderBook(source.levels().getAsInt()) : SourceNeeds.none();
    }

    ImbalanceSource source() {
        return source;
    }

    @Override
    public FeatureCalculator newCalculator() {
        return new Calculator(source, id);
    }

    @Override
    public double[][] compute(List<Candle> candles) {
        return Standard14Batch.compute(candles, source, id);
    }

    @Override
    public String toString() {
        return "FeatureSet[" + id + "]";
    }

    /** Per-stream state: two 14-value and two 20-value rings, three EMA values; about 1.3 KB. Not thread-safe. */
    static final class Calculator implements FeatureCalculator {
        private final ImbalanceSource source;
        private final String setId;
        private final Rsi rsi = new Rsi();
        private final Macd macd = new Macd();
        private final Bollinger bands = new Bollinger();
        private double previousClose = Double.NaN;
        private long count;

        Calculator(ImbalanceSource source, String setId) {
            this.source = source;
            this.setId = setId;
        }

        @Override
        public int featureCount() {
            return 14;
        }

        @Override
        public void validate(Candle candle) {
            source.validate(Objects.requireNonNull(candle, "candle"), setId);
        }

        @Override
        public void update(Candle candle, double[] row, int offset) {
            validate(candle);
            double c = candle.close();
            row[offset] = candle.open();
            row[offset + 1] = candle.high();
            row[offset + 2] = candle.low();
            row[offset + 3] = c;
            row[offset + 4] = candle.volume();
            row[offset + 5] = rsi.update(c, previousClose);
            macd.update(c);
            row[offset + 6] = macd.macd();
            row[offset + 7] = macd.signal();
            row[offset + 8] = macd.histogram();
            bands.update(c);
            row[offset + 9] = bands.upper();
            row[offset + 10] = bands.middle();
            row[offset + 11] = bands.lower();
            row[offset + 12] = bands.width();
            row[offset + 13] = source.imbalance(candle);
            previousClose = c;
            count++;
        }

        @Override
        public long count() {
            return count;
        }

        /** Format 1: RSI, MACD and Bollinger state, the previous close and the count (about 1.1 KB). */
        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeByte(STATE_FORMAT);
            rsi.writeState(out);
            macd.writeState(out);
            bands.writeState(out);
            StateIo.writeDouble(out, previousClose);
            out.writeLong(count);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            int format = in.readByte();
            if (format != STATE_FORMAT) {
                throw new StateSnapshotException(setId + ": calculator snapshot format " + format + ", expected "
                        + STATE_FORMAT);
            }
            rsi.readState(in);
            macd.readState(in);
            bands.readState(in);
            previousClose = StateIo.readDouble(in);
            count = StateIo.readCount(in, setId);
        }
    }

    /** Version of the calculator's snapshot layout; a change of layout is a new number. */
    static final int STATE_FORMAT = 1;
}
