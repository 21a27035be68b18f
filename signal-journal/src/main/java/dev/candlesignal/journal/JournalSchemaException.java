package dev.candlesignal.journal;

/**
 * The journal was written by a newer candlesignal (a newer schema version) than this one can read; nothing was changed.
 */
public final class JournalSchemaException extends JournalException {
    private static final long serialVersionUID = 1L;

    public JournalSchemaException(String journal, String problem) {
        super(journal, problem);
    }

    public JournalSchemaException(String journal, String problem, Throwable cause) {
        super(journal, problem, cause);
    }
}
