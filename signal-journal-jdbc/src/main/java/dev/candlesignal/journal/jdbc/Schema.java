package dev.candlesignal.journal.jdbc;

import dev.candlesignal.journal.JournalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's schema as numbered migrations ({@code V1__journal.sql}, ...), applied in order at open, each in its
 * own transaction and recorded in {@code schema_version}. To change the schema, add the next file and raise
 * {@link #LATEST}; never edit an applied one.
 *
 * <p>Immutable.
 */
final class Schema {
    /** The newest schema version this code reads and writes. */
    static final int LATEST = 2;

    /** The value of {@code journal_info.format} that marks a candlesignal journal. */
    static final String FORMAT = "candlesignal-journal";

    static final String CREATE_VERSION_TABLE = "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
            + "applied_at BIGINT NOT NULL, description TEXT NOT NULL)";

    private static final String[] FILES = {"V1__journal.sql", "V2__retrain_decisions.sql"};

    private Schema() {
    }

    /** The file name of migration {@code version}. */
    static String file(int version) {
        return FILES[version - 1];
    }

    /** The statements of migration {@code version} (1-based), comments removed. */
    static List<String> statements(int version, String journal) {
        String name = file(version);
        String sql;
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new JournalException(journal, "migration " + name + " is missing from the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + name, e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : sql.split("\n")) {
            int comment = line.indexOf("--");
            code.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }
}
