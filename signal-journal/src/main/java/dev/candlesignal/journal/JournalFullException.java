package dev.candlesignal.journal;

/**
 * The disk (or the database's size limit) is full: the last write was rolled back, the journal still holds everything written before it.
 */
public final class JournalFullException extends JournalException {
    private static final long serialVersionUID = 1L;

    public JournalFullException(String journal, String problem) {
        super(journal, problem);
    }

    public JournalFullException(String journal, String problem, Throwable cause) {
        super(journal, problem, cause);
    }
}
