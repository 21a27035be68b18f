package dev.candlesignal.flink;

import dev.candlesignal.engine.SignalEngine;
import java.io.Serializable;

/**
 * Configures each parallel instance's {@link SignalEngine} beyond its feature set and model: policy, cooldown, domain
 * guard, drift policy, imputation, interval override. Runs on the task manager in the operator's {@code open()}, so
 * it must be serializable (a lambda whose target type is this interface is). The default changes nothing, which
 * matches {@code candlesignal replay}'s defaults.
 *
 * <pre>{@code
 * EngineCustomizer strict = b -> b.policy(ThresholdPolicy.builder().minConfidence(0.6).build()).cooldownCandles(3);
 * }</pre>
 */
@FunctionalInterface
public interface EngineCustomizer extends Serializable {

    /** Sets options on {@code builder}; the operator sets the feature set, the model and the batch size itself. */
    void customize(SignalEngine.Builder builder);

    /** Changes nothing. */
    static EngineCustomizer defaults() {
        return builder -> { };
    }
}
