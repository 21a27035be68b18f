package dev.candlesignal.journal.jdbc;

import dev.candlesignal.journal.contract.JournalContract;
import dev.candlesignal.journal.SignalJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The journal contract on an SQLite file; "reopen" closes the file and opens it again, as a restart would. */
class SqliteJournalTest extends JournalContract {
    @TempDir
    Path dir;
    private Path file;

    @Override
    protected SignalJournal create() {
        try {
            file = Files.createTempFile(dir, "journal", ".db");
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SqliteJournal.open(file);
    }

    @Override
    protected SignalJournal reopen(SignalJournal journal) {
        journal.close();
        return SqliteJournal.open(file);
    }
}
