package dev.candlesignal.engine;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleTimeException;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.TrainingInfo;
import java.util.List;

/**
 * What a candle must pass before it enters a stream, apart from its order (which {@link EngineStream#admit} checks):
 * the model may serve the stream's interval, and the candle's times fit that interval ({@link
 * dev.candlesignal.Interval#checkTimes}, {@link dev.candlesignal.Interval#checkSpacing}). Also tells whether the
 * stream's symbol is one the model was trained on. Allocation-free when everything passes (for intervals but 1M).
 *
 * <p>Stateless.
 */
final class StreamChecks {
    private StreamChecks() {
    }

    /**
     * Refuses a stream of another interval than the model's training interval, unless {@code allowMismatch}.
     *
     * @throws ModelMismatchException naming both intervals and how to override
     */
    static void checkInterval(ModelSpec spec, StreamKey key, boolean allowMismatch) {
        if (allowMismatch || spec.training().isEmpty()) {
            return;
        }
        TrainingInfo training = spec.training().get();
        if (training.interval() != key.interval()) {
            throw new ModelMismatchException("model " + spec.modelId() + " v" + spec.version() + " was trained on "
                    + training.interval() + " candles but stream " + key + " has " + key.interval()
                    + " candles; refused (allow it explicitly with SignalEngine.Builder.allowIntervalMismatch(true), "
                    + "or --allow-interval-mismatch on the command line)");
        }
    }

    /**
     * Checks a candle's times against the stream's interval, and its spacing from the last accepted candle when it
     * is newer (older candles and duplicates are left to {@link EngineStream#admit}).
     *
     * @throws CandleTimeException naming the stream, the candle and the broken rule
     */
    static void checkTimes(StreamKey key, Candle candle, Candle last) {
        try {
            key.interval().checkTimes(candle.openTime(), candle.closeTime());
            if (last != null && candle.openTime().isAfter(last.openTime())) {
                key.interval().checkSpacing(last.openTime(), candle.openTime());
            }
        } catch (CandleTimeException e) {
            throw new CandleTimeException(e.rule(), e.field(), key + ": candle opened at " + candle.openTime()
                    + " (closed " + candle.closeTime() + ") rejected, rule " + e.rule() + ": " + e.getMessage());
        }
    }

    /** Whether the model records its training symbols and {@code key}'s symbol is not among them (any case). */
    static boolean foreignSymbol(ModelSpec spec, StreamKey key) {
        if (spec.training().isEmpty()) {
            return false;
        }
        List<String> symbols = spec.training().get().symbols();
        for (int i = 0; i < symbols.size(); i++) {
            if (symbols.get(i).equalsIgnoreCase(key.symbol())) {
                return false;
            }
        }
        return true;
    }
}
