/**
 * Automatic retraining ({@code dev.candlesignal.retrain}): the {@code RetrainPolicy} that reads a stream's journal
 * statistics, and the {@code RetrainLoop} that trains a challenger through the trainer contract, evaluates it against
 * the serving champion on held-out candles, records the decision in the model store and the journal, and promotes it
 * with the engine's hot swap.
 */
module dev.candlesignal.retrain {
    requires transitive dev.candlesignal.api;
    requires transitive dev.candlesignal.engine;
    requires transitive dev.candlesignal.journal;
    requires transitive dev.candlesignal.store;
    requires org.slf4j;

    exports dev.candlesignal.retrain;
}
