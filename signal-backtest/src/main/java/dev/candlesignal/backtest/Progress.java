package dev.candlesignal.backtest;

/**
 * Receives the progress of a long backtest (predicting, training folds, sweeping), for a progress bar. Called on
 * the thread that does the work, or on a worker thread of a parallel sweep: implementations must be thread-safe
 * and quick.
 */
@FunctionalInterface
public interface Progress {
    /** Nothing. */
    Progress NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done, e.g. {@code predicting BTCUSDT 1h}
     * @param done units done
     * @param total units in the stage
     */
    void update(String stage, long done, long total);
}
