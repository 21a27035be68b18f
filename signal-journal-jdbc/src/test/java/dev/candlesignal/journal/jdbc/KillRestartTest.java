package dev.candlesignal.journal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.journal.EntryKey;
import dev.candlesignal.journal.Outcome;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random points, then run again on the same journal with the same candles: the journal must end up with
 * exactly the entries, outcomes, tallies and cursors of an uninterrupted run. A child JVM ({@link ReplayChild})
 * replays three streams into an SQLite journal; the parent reads its progress lines and kills it with SIGKILL
 * ({@link Process#destroyForcibly()}) after a random number of them (or right after the tracker attached), many
 * times, then lets a last run finish. Kills land anywhere: in the engine, in the writer's transaction, in SQLite's
 * WAL write or checkpoint.
 */
class KillRestartTest {
    @TempDir
    Path dir;

    @Test
    void killedAtRandomPointsAndRestartedItEndsAsAnUninterruptedRun() throws Exception {
        killAndRestart(1_500, 8, 20_240_501L);
    }

    @Test
    @Tag("slow")
    void killedManyMoreTimes() throws Exception {
        killAndRestart(4_000, 60, 7L);
    }

    private void killAndRestart(int candles, int kills, long seed) throws Exception {
        Path reference = dir.resolve("reference.db");
        assertThat(run(reference, candles, -2).finished()).isTrue();

        Map<EntryKey, SignalRecord> byKey = new HashMap<>();
        try (SignalJournal ref = SqliteJournal.openReadOnly(reference)) {
            ref.signals().forEach(r -> byKey.put(r.entry().key(), r));
        }

        Path journal = dir.resolve("killed.db");
        SplittableRandom random = new SplittableRandom(seed);
        List<String> log = new ArrayList<>();
        int killed = 0;
        for (int k = 0; k < kills; k++) {
            // -1: kill as soon as the tracker is attached; else after that many progress lines; small batches make
            // many transactions, so that kills also land between and inside them
            int after = random.nextInt(10) == 0 ? -1 : random.nextInt(candles);
            Child child = run(journal, candles, after);
            killed += child.finished() ? 0 : 1;
            log.add("kill after " + after + ": " + (child.finished() ? "finished first" : "killed") + ", "
                    + checkPrefix(journal, byKey));
        }
        assertThat(killed).as("kills that landed: %s", log).isGreaterThan(kills / 2);
        Child last = run(journal, candles, -2);
        assertThat(last.finished()).as("the final run completes; kills: %s", log).isTrue();

        try (SignalJournal expected = SqliteJournal.openReadOnly(reference);
                SignalJournal actual = SqliteJournal.openReadOnly(journal)) {
            List<SignalRecord> signals = expected.signals();
            assertThat(signals).as("the reference run journals enough to mean something").hasSizeGreaterThan(50);
            assertThat(signals.stream().map(SignalRecord::outcome).collect(Collectors.toSet()))
                    .contains(Outcome.WIN, Outcome.LOSS, Outcome.TIMEOUT);
            assertThat(actual.signals()).as("entries and outcomes after kills: %s", log).isEqualTo(signals);
            assertThat(actual.tallies()).isEqualTo(expected.tallies());
            assertThat(actual.load()).isEqualTo(expected.load());
            assertThat(actual.rule()).isEqualTo(expected.rule());
        }
    }

    /**
     * After a kill the journal opens cleanly and holds a prefix of the uninterrupted run: every entry it has is one of
     * the reference's, and every outcome it has is the reference's outcome for that entry.
     */
    private static String checkPrefix(Path journal, Map<EntryKey, SignalRecord> expected) {
        if (!Files.exists(journal)) {
            return "no journal yet";
        }
        try (SignalJournal partial = SqliteJournal.openReadOnly(journal)) {
            List<SignalRecord> records = partial.signals();
            int resolved = 0;
            for (SignalRecord r : records) {
                SignalRecord full = expected.get(r.entry().key());
                assertThat(full).as("an entry the uninterrupted run has: %s", r).isNotNull();
                assertThat(r.entry()).isEqualTo(full.entry());
                if (r.resolution().isPresent()) {
                    assertThat(r.resolution()).as("outcome of %s", r.entry().key()).isEqualTo(full.resolution());
                    resolved++;
                }
            }
            return records.size() + " entries, " + resolved + " resolved";
        } catch (dev.candlesignal.journal.NotAJournalException e) {
            return "empty journal"; // killed before the schema was committed
        }
    }

    /** Whether the child printed "done" before it was killed (or was never meant to be killed). */
    private record Child(boolean finished) {
    }

    /**
     * Runs the child; {@code killAfter} = -1 kills it once attached, N kills it after N + 1 progress lines, -2 lets
     * it finish (and requires exit status 0).
     */
    private Child run(Path journal, int candles, int killAfter) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "child", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ReplayChild.class.getName(),
                journal.toString(), Integer.toString(candles), "64");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        boolean done = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            int progress = 0;
            while ((line = out.readLine()) != null) {
                if (line.equals("done")) {
                    done = true;
                    break;
                }
                boolean kill = killAfter == -1 ? line.equals("attached")
                        : killAfter >= 0 && line.startsWith("progress ") && progress++ == killAfter;
                if (kill) {
                    p.destroyForcibly();
                    break;
                }
            }
        } finally {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the child did not end");
            }
        }
        if (killAfter == -2) {
            assertThat(p.exitValue()).as("exit status; stderr: %s", Files.readString(err)).isZero();
            assertThat(done).as("stderr: %s", Files.readString(err)).isTrue();
        }
        return new Child(done);
    }
}
