package dev.candlesignal.backtest;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the model said about every candle of every stream of a backtest, computed once ({@link Backtester#predict})
 * and traded under as many policies as wanted ({@link Backtester#simulate}, sweeps): the model does not depend on
 * policy parameters. A walk-forward run stitches the predictions of one model per fold into one {@code Predictions}.
 *
 * <p>Immutable.
 *
 * @param interval the interval of every stream
 * @param streams per stream, in the order given
 * @param models the models that predicted, by the index {@link StreamPredictions#model(int)} gives
 */
public record Predictions(Interval interval, Map<StreamKey, StreamPredictions> streams, List<ModelSpec> models) {
    public Predictions {
        Objects.requireNonNull(interval, "interval");
        streams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        models = List.copyOf(models);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("predictions need at least one stream");
        }
        for (StreamKey key : streams.keySet()) {
            if (key.interval() != interval) {
                throw new BacktestException(BacktestException.Reason.BAD_CANDLES, "every stream of a backtest must be "
                        + interval + " but " + key + " is " + key.interval());
            }
        }
    }

    /** The streams' predictions, in order. */
    public List<StreamPredictions> list() {
        return List.copyOf(streams.values());
    }
}
