package dev.candlesignal.engine;

/**
 * What the engine does with a prediction whose input window its {@link DomainGuard} finds out of the model's
 * training domain (another symbol, another price regime). Either way the stream's
 * {@link StreamStatus#outOfDomain()} counter counts it, and the first such window of a stream is logged at WARN.
 *
 * <p>Immutable.
 */
public enum DriftPolicy {
    /**
     * The default: nothing is emitted; the evaluation has status
     * {@link dev.candlesignal.Evaluation.Status#OUT_OF_DOMAIN} and carries the decision that was withheld. The
     * cooldown is not started by a withheld signal.
     */
    SUPPRESS,
    /**
     * The signal is treated as any other (emitted, held, or suppressed by the cooldown), and the evaluation's
     * {@link dev.candlesignal.Evaluation#reason()} and {@link CandleResult#outOfDomain()} say that the window was out
     * of the training domain. For cross-symbol use that is meant, with the risk known.
     */
    WARN
}
