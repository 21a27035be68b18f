package dev.candlesignal.journal.jdbc;

import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.SignalJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A signal journal in a database reached through a {@link DataSource}: PostgreSQL (9.5 or newer) with the
 * {@code org.postgresql:postgresql} driver, or SQLite (prefer {@link SqliteJournal} for a file). The SQL is plain
 * JDBC and the same on both; the schema is created or migrated at open.
 *
 * <pre>{@code
 * PGSimpleDataSource ds = new PGSimpleDataSource();
 * ds.setURL("jdbc:postgresql://db/trading?currentSchema=candlesignal");
 * try (SignalJournal journal = JdbcJournal.open(ds, "journal postgresql://db/trading")) { ... }
 * }</pre>
 *
 * <p>Give the journal its own schema (or database): a schema that holds other tables and no journal is refused with
 * a {@link dev.candlesignal.journal.NotAJournalException}, so that the journal never writes into someone else's
 * tables.
 *
 * <p>Stateless factory.
 */
public final class JdbcJournal {

    private JdbcJournal() {
    }

    /**
     * Opens the journal in {@code dataSource}'s database, holding one connection until the journal is closed.
     *
     * @param name how errors and logs name the journal
     * @throws JournalException typed by the problem, naming the journal
     */
    public static SignalJournal open(DataSource dataSource, String name) {
        return open(dataSource, name, Clock.systemUTC());
    }

    /** {@link #open(DataSource, String)} with the clock that stamps migrations. */
    public static SignalJournal open(DataSource dataSource, String name, Clock clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new JournalException(name, "cannot connect: " + e.getMessage(), e);
        }
        return JdbcSignalJournal.open(name, connection, false, clock);
    }
}
