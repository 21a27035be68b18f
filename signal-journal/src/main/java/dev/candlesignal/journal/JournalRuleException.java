package dev.candlesignal.journal;

/**
 * The journal's outcomes were resolved with another outcome rule (maximum hold or costs) than the one asked for; mixing rules in one journal would make its statistics meaningless.
 */
public final class JournalRuleException extends JournalException {
    private static final long serialVersionUID = 1L;

    public JournalRuleException(String journal, String problem) {
        super(journal, problem);
    }

    public JournalRuleException(String journal, String problem, Throwable cause) {
        super(journal, problem, cause);
    }
}
