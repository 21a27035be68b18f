package dev.candlesignal.testkit;

import dev.candlesignal.Gap;
import dev.candlesignal.Signal;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Failure;
import dev.candlesignal.EvaluationListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Records everything an {@link EvaluationListener} receives (signals, evaluations, gaps, failures), in order.
 *
 * <p>Thread-safe; the accessors return snapshots.
 */
public final class RecordingListener implements EvaluationListener {
    private final List<Signal> signals = new ArrayList<>();
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    @Override
    public synchronized void onSignal(Signal signal) {
        signals.add(signal);
    }

    @Override
    public synchronized void onEvaluation(Evaluation evaluation) {
        evaluations.add(evaluation);
    }

    @Override
    public synchronized void onGap(Gap gap) {
        gaps.add(gap);
    }

    @Override
    public synchronized void onFailure(Failure failure) {
        failures.add(failure);
    }

    public synchronized List<Signal> signals() {
        return List.copyOf(signals);
    }

    public synchronized List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    public synchronized List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }
}
