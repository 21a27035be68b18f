package dev.candlesignal.journal;

import dev.candlesignal.SignalException;
import java.util.Objects;

/**
 * A journal cannot be opened, read or written. The message names the journal (its file, for SQLite) and the
 * problem; subclasses say which problem, so that callers can react to one (for example tell the user to upgrade
 * for a {@link JournalSchemaException}).
 */
public class JournalException extends SignalException {
    private static final long serialVersionUID = 1L;

    private final String journal;
    private final String problem;

    public JournalException(String journal, String problem) {
        super(journal + ": " + problem);
        this.journal = Objects.requireNonNull(journal, "journal");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public JournalException(String journal, String problem, Throwable cause) {
        super(journal + ": " + problem, cause);
        this.journal = Objects.requireNonNull(journal, "journal");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The problem, without the journal's name. */
    public String problem() {
        return problem;
    }

    /** The journal, as it names itself (for SQLite, its file). */
    public String journal() {
        return journal;
    }
}
