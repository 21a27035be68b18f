package dev.candlesignal.engine;

import dev.candlesignal.EvaluationListener;
import dev.candlesignal.Failure;
import dev.candlesignal.SignalListener;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Gap;
import java.util.List;
import java.util.Optional;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link SignalListener}s and their delivery: a throwing listener is logged and skipped, and an
 * {@link Evaluation} is built only if some listener is an {@link EvaluationListener} (it asked for evaluations by its
 * type), so that the allocation-free path stays allocation-free for listeners that want signals only.
 *
 * <p>Thread-safe: changes copy the array, delivery reads a snapshot.
 */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    /** A listener, and the same listener as an {@link EvaluationListener} if it is one (else null). */
    private record Entry(SignalListener listener, EvaluationListener evaluations) {
        static Entry of(SignalListener l) {
            return new Entry(l, l instanceof EvaluationListener e ? e : null);
        }
    }

    /** Copy-on-write snapshot, iterated by index: no iterator is allocated per candle. */
    private volatile Entry[] entries = new Entry[0];

    Listeners(List<SignalListener> initial) {
        initial.forEach(this::add);
    }

    synchronized void add(SignalListener listener) {
        Entry[] next = Arrays.copyOf(entries, entries.length + 1);
        next[entries.length] = Entry.of(listener);
        entries = next;
    }

    synchronized boolean remove(SignalListener listener) {
        Entry[] current = entries;
        Entry[] next = Arrays.stream(current).filter(e -> e.listener() != listener).toArray(Entry[]::new);
        entries = next;
        return next.length != current.length;
    }

    /** Delivers what processing one candle produced: its gap, then its failure, or its evaluation and signal. */
    void deliver(WorkItem it, Function<WorkItem, Evaluation> evaluationOf) {
        Entry[] snapshot = entries;
        for (int k = 0; k < snapshot.length; k++) {
            Entry entry = snapshot[k];
            SignalListener l = entry.listener();
            try {
                Gap gap = it.gap;
                if (gap != null) {
                    l.onGap(gap);
                }
                if (it.error != null) {
                    l.onFailure(new Failure(Optional.of(it.stream.key), Optional.of(it.candle), it.error));
                    continue;
                }
                EvaluationListener evaluations = entry.evaluations();
                if (evaluations != null) {
                    Evaluation e = it.cachedEvaluation();
                    if (e == null) {
                        e = evaluationOf.apply(it);
                        it.cacheEvaluation(e);
                    }
                    evaluations.onEvaluation(e);
                }
                if (it.status == Evaluation.Status.SIGNAL) {
                    l.onSignal(it.signal());
                }
            } catch (RuntimeException ex) {
                log.warn("listener {} threw on {} {}; ignored", l, it.stream.key, it.candle.openTime(), ex);
            }
        }
    }

    /** Delivers a gap a source reported (not tied to a candle the engine processed). */
    void gap(Gap gap) {
        for (Entry entry : entries) {
            try {
                entry.listener().onGap(gap);
            } catch (RuntimeException ex) {
                log.warn("listener {} threw in onGap; ignored", entry.listener(), ex);
            }
        }
    }

    /** Delivers a failure not tied to one candle (an attached source failed). */
    void failure(Failure failure) {
        for (Entry entry : entries) {
            try {
                entry.listener().onFailure(failure);
            } catch (RuntimeException ex) {
                log.warn("listener {} threw in onFailure; ignored", entry.listener(), ex);
            }
        }
    }
}
