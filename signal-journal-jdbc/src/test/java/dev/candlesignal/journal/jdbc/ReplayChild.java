package dev.candlesignal.journal.jdbc;

import dev.candlesignal.Candle;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.SignalJournal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child process of {@link KillRestartTest}: replays {@link ReplayRun}'s candles from the first one into a fresh
 * engine with an {@link OutcomeTracker} on the SQLite journal at {@code args[0]}, printing {@code attached} once the
 * tracker is attached and {@code progress N} after the N-th time step, then {@code done} after a clean close. The
 * parent kills it (SIGKILL) after reading a random number of progress lines.
 *
 * <p>Usage: {@code ReplayChild JOURNAL CANDLES [maxBatch]}
 */
public final class ReplayChild {

    private ReplayChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int maxBatch = args.length > 2 ? Integer.parseInt(args[2]) : 4_096;
        PrintStream out = System.out;
        List<List<Candle>> candles = ReplayRun.candles(n);
        try (SignalJournal journal = SqliteJournal.open(file);
                SignalEngine engine = ReplayRun.engine();
                OutcomeTracker tracker = OutcomeTracker.builder().journal(journal).rule(ReplayRun.RULE)
                        .maxBatch(maxBatch).attach(engine)) {
            out.println("attached");
            out.flush();
            for (int t = 0; t < n; t++) {
                for (int s = 0; s < ReplayRun.STREAMS.size(); s++) {
                    engine.onCandle(ReplayRun.STREAMS.get(s), candles.get(s).get(t));
                }
                out.println("progress " + t);
                out.flush();
            }
            if (!tracker.flush(Duration.ofMinutes(1))) {
                throw new IllegalStateException("the journal writer did not finish: " + tracker.health());
            }
            if (!tracker.health().healthy() || tracker.health().dropped() > 0) {
                throw new IllegalStateException("unhealthy journal: " + tracker.health());
            }
        }
        out.println("done");
        out.flush();
    }
}
