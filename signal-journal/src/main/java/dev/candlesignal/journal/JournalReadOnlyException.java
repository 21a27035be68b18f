package dev.candlesignal.journal;

/**
 * The journal cannot be written: the file (or its directory, which SQLite's WAL needs) is read-only, or the database refuses writes.
 */
public final class JournalReadOnlyException extends JournalException {
    private static final long serialVersionUID = 1L;

    public JournalReadOnlyException(String journal, String problem) {
        super(journal, problem);
    }

    public JournalReadOnlyException(String journal, String problem, Throwable cause) {
        super(journal, problem, cause);
    }
}
