package dev.candlesignal.journal.jdbc;

import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.JournalFullException;
import dev.candlesignal.journal.JournalReadOnlyException;
import dev.candlesignal.journal.NotAJournalException;
import java.sql.SQLException;

/**
 * Turns a driver's {@link SQLException} into the journal's typed errors, by SQLite result code (the driver's error
 * code; the low byte is the primary code) or by PostgreSQL SQLSTATE. No driver class is referenced, so the module
 * does not need either driver at compile time.
 *
 * <p>Stateless.
 */
final class SqlErrors {
    // SQLite primary result codes (https://sqlite.org/rescode.html)
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private SqlErrors() {
    }

    /**
     * The typed error for {@code e}, raised while {@code doing} something (e.g. "writing 12 candle updates").
     */
    static JournalException map(String journal, boolean sqlite, String doing, SQLException e) {
        String detail = detail(e);
        if (sqlite) {
            switch (e.getErrorCode() & 0xff) {
                case SQLITE_NOTADB:
                    return new NotAJournalException(journal, "not a journal: the file is not an SQLite database ("
                            + detail + ")", e);
                case SQLITE_FULL:
                    return new JournalFullException(journal, "the disk is full while " + doing + " (" + detail
                            + "); that write was rolled back, everything written before it is kept", e);
                case SQLITE_READONLY:
                    return new JournalReadOnlyException(journal, "the journal is read-only while " + doing + " ("
                            + detail + ")", e);
                case SQLITE_CORRUPT:
                    return new JournalException(journal, "the database file is corrupt (" + detail + ")", e);
                case SQLITE_BUSY, SQLITE_LOCKED:
                    return new JournalException(journal, "the journal is locked by another process while " + doing
                            + " (" + detail + ")", e);
                case SQLITE_IOERR:
                    return new JournalException(journal, "I/O error while " + doing + " (" + detail + ")", e);
                case SQLITE_CANTOPEN:
                    return new JournalException(journal, "cannot open the database file (" + detail + ")", e);
                default:
                    break;
            }
        } else {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            switch (state) {
                case "53100": // disk_full
                    return new JournalFullException(journal, "the database's disk is full while " + doing + " ("
                            + detail + "); that write was rolled back, everything written before it is kept", e);
                case "25006": // read_only_sql_transaction
                case "42501": // insufficient_privilege
                    return new JournalReadOnlyException(journal, "the database refuses writes while " + doing + " ("
                            + detail + ")", e);
                default:
                    break;
            }
        }
        return new JournalException(journal, doing + " failed: " + detail, e);
    }

    /** The driver's message on one line. */
    private static String detail(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
