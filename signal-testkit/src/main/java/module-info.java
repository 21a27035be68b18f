/**
 * Test support that other modules' tests reuse: contract tests every backend and feature set must pass, test
 * models and feature sets, candle series and the model fixtures.
 *
 * <p>Open: JUnit runs the contract tests' methods, which users inherit, by reflection.
 */
open module dev.candlesignal.testkit {
    requires transitive dev.candlesignal.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;
    requires com.fasterxml.jackson.databind;

    exports dev.candlesignal.testkit;
}
