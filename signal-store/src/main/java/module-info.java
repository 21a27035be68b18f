/**
 * The model store ({@code dev.candlesignal.store}): versions of model bundles kept on a directory, a current pointer
 * per model id, retention, rollback and the retraining decisions. Depends on the API only.
 */
module dev.candlesignal.store {
    requires transitive dev.candlesignal.api;
    requires org.slf4j;

    exports dev.candlesignal.store;
}
