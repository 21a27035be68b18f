package dev.candlesignal.journal;

import dev.candlesignal.training.RetrainDecision;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The journal's rules for retraining decisions, shared by every {@link SignalJournal}: their key, their order, and
 * their times in whole milliseconds. Stateless.
 */
public final class Decisions {
    /** Time, then model id, symbol and interval (shortest first). */
    public static final Comparator<RetrainDecision> ORDER = Comparator.comparing(RetrainDecision::time)
            .thenComparing(RetrainDecision::modelId).thenComparing(d -> d.stream().symbol())
            .thenComparing(d -> d.stream().interval());

    private Decisions() {
    }

    /** The natural key: model id, stream and time. */
    static List<Object> key(RetrainDecision d) {
        return List.of(d.modelId(), d.stream(), d.time());
    }

    /**
     * Checks that every time of the decision is a whole millisecond.
     *
     * @throws IllegalArgumentException naming the time
     */
    public static void checkMillis(RetrainDecision d) {
        check("time", d.time());
        d.scores().ifPresent(s -> {
            check("scores.from", s.from());
            check("scores.to", s.to());
        });
    }

    private static void check(String name, Instant t) {
        if (t.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("decision " + name + " " + t + " is finer than a millisecond; the "
                    + "journal keeps milliseconds (truncate it)");
        }
    }
}
