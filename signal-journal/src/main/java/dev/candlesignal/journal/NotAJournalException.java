package dev.candlesignal.journal;

/**
 * The file or database is not a candlesignal journal (another file type, or a database with other tables); nothing was changed.
 */
public final class NotAJournalException extends JournalException {
    private static final long serialVersionUID = 1L;

    public NotAJournalException(String journal, String problem) {
        super(journal, problem);
    }

    public NotAJournalException(String journal, String problem, Throwable cause) {
        super(journal, problem, cause);
    }
}
