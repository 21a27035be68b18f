package dev.candlesignal;

/**
 * A {@link SignalListener} that also receives every {@link Evaluation}, whatever its status (including the ones that
 * emitted a signal, which reach {@link #onSignal} as well). Implementing this interface is how a listener asks for
 * evaluations: the engine builds an {@code Evaluation} per candle only while such a listener is registered.
 *
 * <p>Only {@link #onEvaluation} must be implemented; the threading rules of {@link SignalListener} apply.
 */
public interface EvaluationListener extends SignalListener {

    /** What the engine made of one candle. */
    void onEvaluation(Evaluation evaluation);

    /** Signals are in the evaluations too; override to receive them separately. */
    @Override
    default void onSignal(Signal signal) {
    }
}
