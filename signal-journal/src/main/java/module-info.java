/**
 * The signal journal without a database: the {@code OutcomeTracker} that a user attaches to a {@code SignalEngine},
 * the outcome rule, the statistics, the {@code SignalJournal} contract and an in-memory journal
 * ({@code dev.candlesignal.journal}). Databases live in {@code dev.candlesignal.journal.jdbc}, so that this module
 * carries no driver.
 */
module dev.candlesignal.journal {
    // the tracker attaches to a SignalEngine, and journal values are made of API types
    requires transitive dev.candlesignal.api;
    requires transitive dev.candlesignal.engine;
    requires org.slf4j;

    exports dev.candlesignal.journal;
}
