package dev.candlesignal.journal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import dev.candlesignal.journal.CandleUpdate;
import dev.candlesignal.journal.JournalEntry;
import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.JournalFullException;
import dev.candlesignal.journal.JournalReadOnlyException;
import dev.candlesignal.journal.JournalSchemaException;
import dev.candlesignal.journal.NotAJournalException;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.StreamCursor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at open and at write: typed errors naming the file and the problem; nothing changed or lost. */
class SqliteJournalErrorsTest {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path dir;

    static CandleUpdate update(int h) {
        Instant open = T0.plus(Duration.ofHours(h));
        JournalEntry e = new JournalEntry(BTC, open, open.plusSeconds(3599), Action.BUY, Strength.MEDIUM, 0.6, 0.6, 100,
                98, 104, OptionalDouble.of(1), "demo", "1", "standard28",
                "a policy description long enough to fill pages quickly ".repeat(8));
        return new CandleUpdate(new StreamCursor(BTC, open, 100, StreamCursor.Direction.UNKNOWN, Optional.empty()),
                Optional.of(e), List.of(), List.of());
    }

    @Test
    void aTextFileIsNotAJournalAndIsLeftAlone() throws Exception {
        Path file = dir.resolve("notes.txt");
        byte[] content = "these are my notes, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);
        assertThatThrownBy(() -> SqliteJournal.open(file))
                .isInstanceOf(NotAJournalException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an SQLite database");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThatThrownBy(() -> SqliteJournal.openReadOnly(file)).isInstanceOf(NotAJournalException.class);
    }

    @Test
    void anotherApplicationsDatabaseIsNotAJournal() throws Exception {
        Path file = dir.resolve("trading.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE candles (timestamp INTEGER UNIQUE, close REAL)");
            s.execute("INSERT INTO candles VALUES (1, 2.0)");
        }
        assertThatThrownBy(() -> SqliteJournal.open(file))
                .isInstanceOf(NotAJournalException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("[candles]");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'").getInt(1))
                    .as("no table added").isEqualTo(1);
            assertThat(s.executeQuery("PRAGMA journal_mode").getString(1)).as("not switched to WAL").isEqualTo("delete");
        }
    }

    @Test
    void anEmptyFileBecomesAJournal() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        try (SignalJournal journal = SqliteJournal.open(file)) {
            journal.append(List.of(update(1)));
            assertThat(journal.signals()).hasSize(1);
        }
    }

    @Test
    void aJournalFromANewerSchemaIsRefusedUnchanged() throws Exception {
        Path file = dir.resolve("future.db");
        SqliteJournal.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (3, 0, 'V3__from_the_future.sql')");
            s.execute("CREATE TABLE from_the_future (x INTEGER)");
        }
        assertThatThrownBy(() -> SqliteJournal.open(file))
                .isInstanceOf(JournalSchemaException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version 3")
                .hasMessageContaining("up to 2");
        assertThatThrownBy(() -> SqliteJournal.openReadOnly(file)).isInstanceOf(JournalSchemaException.class);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT MAX(version) FROM schema_version").getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aJournalOfSchemaVersion1IsMigratedWhenOpenedForWriting() throws Exception {
        Path file = dir.resolve("v1.db");
        try (SignalJournal journal = SqliteJournal.open(file)) {
            journal.append(List.of(update(1)));
        }
        // as the journal was before the retraining decisions: schema version 1
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TABLE retrain_decisions");
            s.execute("DELETE FROM schema_version WHERE version = 2");
        }
        assertThatThrownBy(() -> SqliteJournal.openReadOnly(file)).isInstanceOf(JournalSchemaException.class)
                .hasMessageContaining("schema version 1 and needs migrating to 2");
        try (SignalJournal journal = SqliteJournal.open(file)) {
            assertThat(journal.signals()).hasSize(1);
            assertThat(journal.decisions()).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT MAX(version) FROM schema_version").getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aReadOnlyFileIsRefusedAtOpen() throws Exception {
        Path file = dir.resolve("readonly.db");
        SqliteJournal.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        try {
            assumeFalse(Files.isWritable(file), "running as root: file permissions do not stop root, see "
                    + "aDatabaseThatRefusesWritesFailsAtOpenOrAtTheFirstWrite for SQLite's own read-only error");
            assertThatThrownBy(() -> SqliteJournal.open(file))
                    .isInstanceOf(JournalReadOnlyException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("read-only");
            try (SignalJournal reader = SqliteJournal.openReadOnly(file)) {
                assertThat(reader.signals()).isEmpty();
            }
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void aDatabaseThatRefusesWritesFailsAtOpenOrAtTheFirstWrite() {
        // SQLite's query_only makes it answer every write with SQLITE_READONLY, as it does for a read-only file
        Path fresh = dir.resolve("fresh.db");
        assertThatThrownBy(() -> SqliteJournal.open(fresh, false, Clock.systemUTC(), SqliteJournalErrorsTest::queryOnly))
                .isInstanceOf(JournalReadOnlyException.class)
                .hasMessageContaining(fresh.toString())
                .hasMessageContaining("read-only");

        Path existing = dir.resolve("existing.db");
        SqliteJournal.open(existing).close();
        try (SignalJournal journal = SqliteJournal.open(existing, false, Clock.systemUTC(),
                SqliteJournalErrorsTest::queryOnly)) {
            assertThat(journal.signals()).isEmpty();
            assertThatThrownBy(() -> journal.append(List.of(update(1))))
                    .isInstanceOf(JournalReadOnlyException.class)
                    .hasMessageContaining(existing.toString())
                    .hasMessageContaining("writing 1 candle updates");
        }
    }

    @Test
    void aJournalOpenedReadOnlyReadsButNeverWrites() {
        Path file = dir.resolve("report.db");
        try (SignalJournal journal = SqliteJournal.open(file)) {
            journal.append(List.of(update(1)));
        }
        try (SignalJournal reader = SqliteJournal.openReadOnly(file)) {
            assertThat(reader.signals()).hasSize(1);
            assertThatThrownBy(() -> reader.append(List.of(update(2))))
                    .isInstanceOf(JournalReadOnlyException.class).hasMessageContaining("opened read-only");
        }
        assertThatThrownBy(() -> SqliteJournal.openReadOnly(dir.resolve("missing.db")))
                .isInstanceOf(JournalException.class).hasMessageContaining("there is no journal");
    }

    @Test
    void aFullDiskFailsTheWriteAndKeepsEverythingBefore() throws Exception {
        Path file = dir.resolve("full.db");
        AtomicReference<Connection> connection = new AtomicReference<>();
        try (SignalJournal journal = SqliteJournal.open(file, false, Clock.systemUTC(), connection::set)) {
            journal.append(List.of(update(0)));
            // "the disk" is full from here: SQLite may not grow the file by more than a few pages
            try (Statement s = connection.get().createStatement()) {
                int pages = s.executeQuery("PRAGMA page_count").getInt(1);
                s.execute("PRAGMA max_page_count = " + (pages + 3));
            }
            int written = 1;
            JournalException full = null;
            for (int batch = 0; batch < 1_000 && full == null; batch++) {
                List<CandleUpdate> updates = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    updates.add(update(written + i));
                }
                try {
                    journal.append(updates);
                    written += updates.size();
                } catch (JournalException e) {
                    full = e;
                }
            }
            assertThat(full).isInstanceOf(JournalFullException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("disk is full")
                    .hasMessageContaining("rolled back");
            assertThat(journal.signals()).as("every batch before the failed one, nothing of it").hasSize(written);
            assertThat(journal.load().cursors().get(0).lastOpenTime()).isEqualTo(T0.plus(Duration.ofHours(written - 1)));
        }
        try (SignalJournal reopened = SqliteJournal.open(file)) {
            assertThat(reopened.signals()).isNotEmpty();
        }
    }

    @Test
    void aTrackerOnAFullDiskKeepsTheEngineEmittingAndReportsTheJournalAsFailed() throws Exception {
        Path file = dir.resolve("tracked.db");
        AtomicReference<Connection> connection = new AtomicReference<>();
        List<List<dev.candlesignal.Candle>> candles = ReplayRun.candles(600);
        int signals = 0;
        try (SignalJournal journal = SqliteJournal.open(file, false, Clock.systemUTC(), connection::set);
                dev.candlesignal.engine.SignalEngine engine = ReplayRun.engine();
                dev.candlesignal.journal.OutcomeTracker tracker = dev.candlesignal.journal.OutcomeTracker.builder()
                        .journal(journal).rule(ReplayRun.RULE).maxBatch(16).attach(engine)) {
            try (Statement s = connection.get().createStatement()) {
                int pages = s.executeQuery("PRAGMA page_count").getInt(1);
                s.execute("PRAGMA max_page_count = " + (pages + 4));
            }
            for (int t = 0; t < 600; t++) {
                for (int i = 0; i < ReplayRun.STREAMS.size(); i++) {
                    if (engine.onCandle(ReplayRun.STREAMS.get(i), candles.get(i).get(t)).emitted()) {
                        signals++;
                    }
                }
            }
            assertThat(tracker.flush(Duration.ofSeconds(30))).isTrue();
            dev.candlesignal.journal.TrackerHealth health = tracker.health();
            assertThat(health.state()).isEqualTo(dev.candlesignal.journal.TrackerHealth.State.FAILED);
            assertThat(health.failure().orElseThrow()).isInstanceOf(JournalFullException.class)
                    .hasMessageContaining(file.toString());
            assertThat(health.written()).isPositive();
            assertThat(health.dropped()).isPositive();
            assertThat(health.written() + health.dropped()).isEqualTo(health.updates()).isEqualTo(1_800);
            assertThat(journal.signals().size()).isLessThan(signals);
        }
        assertThat(signals).as("the engine kept emitting").isGreaterThan(50);
    }

    @Test
    void aMissingDirectoryOrADirectoryIsNamed() throws Exception {
        Path missing = dir.resolve("no/such/dir/j.db");
        assertThatThrownBy(() -> SqliteJournal.open(missing)).isInstanceOf(JournalException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> SqliteJournal.open(sub)).isInstanceOf(NotAJournalException.class)
                .hasMessageContaining("directory");
    }

    private static void queryOnly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
