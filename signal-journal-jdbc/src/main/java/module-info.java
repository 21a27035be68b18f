/**
 * The signal journal in a database through plain JDBC: {@code SqliteJournal} (with {@code org.xerial:sqlite-jdbc}
 * on the path) and {@code JdbcJournal} on any {@code DataSource} (PostgreSQL). The drivers are found by
 * {@code java.sql.DriverManager} or given as a {@code DataSource}; no driver type is used here.
 */
module dev.candlesignal.journal.jdbc {
    requires transitive dev.candlesignal.journal;
    // JdbcJournal.open takes a javax.sql.DataSource
    requires transitive java.sql;

    exports dev.candlesignal.journal.jdbc;
}
