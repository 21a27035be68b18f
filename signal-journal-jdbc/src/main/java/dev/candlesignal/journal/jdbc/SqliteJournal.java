package dev.candlesignal.journal.jdbc;

import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.JournalReadOnlyException;
import dev.candlesignal.journal.SignalJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A signal journal in an SQLite file, through {@code org.xerial:sqlite-jdbc} (add it to your dependencies; it is
 * optional here so that PostgreSQL users do not carry SQLite's native libraries).
 *
 * <pre>{@code
 * try (SignalJournal journal = SqliteJournal.open(Path.of("signals.db"));
 *         OutcomeTracker tracker = OutcomeTracker.attach(engine, journal)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The file is created if missing, in WAL mode (readers such as {@code candlesignal outcomes} do not block the
 * writer) with {@code synchronous = NORMAL}: every committed transaction survives a killed process. Writes come in
 * transactions of many candle updates from the tracker's one writer thread. The file itself is SQLite's to write:
 * its journal and transactions make every change atomic.
 *
 * <p>Errors name the file: {@link dev.candlesignal.journal.NotAJournalException} for another kind of file or another
 * application's database, {@link dev.candlesignal.journal.JournalSchemaException} for a journal written by a newer
 * candlesignal, {@link JournalReadOnlyException} for a read-only file or directory,
 * {@link dev.candlesignal.journal.JournalFullException} when the disk is full.
 *
 * <p>Stateless factory.
 */
public final class SqliteJournal {

    private SqliteJournal() {
    }

    /**
     * Opens (creating if needed) the journal in {@code file} for reading and writing.
     *
     * @throws JournalException typed by the problem, naming the file
     */
    public static SignalJournal open(Path file) {
        return open(file, false, Clock.systemUTC(), c -> { });
    }

    /**
     * Opens an existing journal for reading only (for reports: it works on a read-only file and never changes it).
     *
     * @throws JournalException typed by the problem, naming the file; also if there is no journal at {@code file}
     */
    public static SignalJournal openReadOnly(Path file) {
        return open(file, true, Clock.systemUTC(), c -> { });
    }

    /** {@link #open(Path)} with a clock and a hook run on the fresh connection (tests inject a size limit). */
    static SignalJournal open(Path file, boolean readOnly, Clock clock, Consumer<Connection> customizer) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        Path path = file.toAbsolutePath().normalize();
        String name = "journal " + file;
        checkFile(name, path, readOnly);
        Properties props = new Properties();
        if (readOnly) {
            props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + path, props);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new JournalException(name, "the SQLite JDBC driver is not on the classpath (add "
                        + "org.xerial:sqlite-jdbc)", e);
            }
            throw SqlErrors.map(name, true, "opening the file", e);
        }
        try {
            customizer.accept(connection);
        } catch (RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the customizer's error is the one to report
            }
            throw e;
        }
        return JdbcSignalJournal.open(name, connection, readOnly, clock);
    }

    /** What the file system can tell before SQLite tries: a missing directory, a directory, read-only places. */
    private static void checkFile(String name, Path path, boolean readOnly) {
        Path dir = path.getParent();
        if (Files.isDirectory(path)) {
            throw new dev.candlesignal.journal.NotAJournalException(name, "not a journal: it is a directory");
        }
        if (readOnly) {
            if (!Files.isRegularFile(path)) {
                throw new JournalException(name, "there is no journal at " + path);
            }
            if (!Files.isReadable(path)) {
                throw new JournalException(name, "the file is not readable (permission denied)");
            }
            return;
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new JournalException(name, "its directory " + dir + " does not exist");
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            throw new JournalReadOnlyException(name, "the file is read-only");
        }
        if (!Files.isWritable(dir)) {
            throw new JournalReadOnlyException(name, "its directory " + dir + " is read-only (SQLite needs to "
                    + "create the file and its -wal and -shm files there)");
        }
    }
}
