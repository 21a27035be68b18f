package dev.candlesignal.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Computes {@link StreamStatistics} from what a journal holds: the one place where the statistics are defined, so
 * that every journal (and the CLI's {@code stats}) reports the same numbers.
 *
 * <p>Stateless and thread-safe.
 */
public final class JournalStatistics {
    /** Default N of "the last N". */
    public static final int DEFAULT_WINDOW = 100;

    private static final Comparator<PredictionTally.TallyKey> ORDER = Comparator
            .comparing((PredictionTally.TallyKey k) -> k.stream().symbol())
            .thenComparing(k -> k.stream().interval())
            .thenComparing(PredictionTally.TallyKey::modelId)
            .thenComparing(PredictionTally.TallyKey::modelVersion);

    private JournalStatistics() {
    }

    /**
     * The statistics per stream and model version, ordered by symbol, interval, model id and version.
     *
     * @param signals the journaled signals (any order; sorted by signal time here)
     * @param tallies the tallies
     * @param window N of "the last N", >= 1
     */
    public static List<StreamStatistics> compute(List<SignalRecord> signals, List<PredictionTally> tallies,
            int window) {
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(tallies, "tallies");
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 but was " + window);
        }
        Map<PredictionTally.TallyKey, List<SignalRecord>> byKey = new TreeMap<>(ORDER);
        Map<PredictionTally.TallyKey, PredictionTally> tallyByKey = new LinkedHashMap<>();
        for (PredictionTally t : tallies) {
            tallyByKey.put(t.key(), t);
            byKey.computeIfAbsent(t.key(), k -> new ArrayList<>());
        }
        for (SignalRecord r : signals) {
            JournalEntry e = r.entry();
            byKey.computeIfAbsent(new PredictionTally.TallyKey(e.stream(), e.modelId(), e.modelVersion()),
                    k -> new ArrayList<>()).add(r);
        }
        List<StreamStatistics> out = new ArrayList<>(byKey.size());
        for (Map.Entry<PredictionTally.TallyKey, List<SignalRecord>> group : byKey.entrySet()) {
            PredictionTally.TallyKey key = group.getKey();
            List<SignalRecord> records = new ArrayList<>(group.getValue());
            records.sort(Comparator.comparing((SignalRecord r) -> r.entry().openTime()));
            List<Resolution> resolved = new ArrayList<>();
            long pending = 0;
            for (SignalRecord r : records) {
                if (r.resolution().isPresent()) {
                    resolved.add(r.resolution().get());
                } else {
                    pending++;
                }
            }
            PredictionTally t = tallyByKey.get(key);
            out.add(new StreamStatistics(key.stream(), key.modelId(), key.modelVersion(), window, records.size(),
                    pending, t == null ? 0 : t.holds(), t == null ? 0 : t.suppressed(), OutcomeStats.of(resolved),
                    OutcomeStats.of(resolved.subList(Math.max(0, resolved.size() - window), resolved.size())),
                    t == null ? ProbabilityStats.EMPTY : t.predictions(),
                    t == null ? ProbabilityStats.EMPTY : t.recent().stats(window)));
        }
        return out;
    }
}
