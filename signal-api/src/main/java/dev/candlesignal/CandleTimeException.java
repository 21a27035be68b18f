package dev.candlesignal;

/**
 * A candle whose times do not fit its interval: a timestamp outside the plausible range, an open time off the
 * interval's grid, a close time past the end of the candle's slot, or a spacing from the previous candle that is
 * not a whole number of intervals. The rules are {@link Interval#checkTimes} and {@link Interval#checkSpacing};
 * the message names the value and, where the caller knows it, the file and line or the stream.
 */
public class CandleTimeException extends InvalidCandleException {
    private static final long serialVersionUID = 1L;

    /** Which time rule was broken. */
    public enum Rule {
        /** A timestamp before 2009 or from 2100 on (typically a unit error). */
        RANGE,
        /** The open time is not on the interval's grid. */
        GRID,
        /** The close time is at or after the start of the next slot. */
        CLOSE_TIME,
        /** Not a whole number of intervals after the previous candle of the stream. */
        SPACING
    }

    private final Rule rule;

    public CandleTimeException(Rule rule, String field, String message) {
        super(field, message);
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
    }

    /** The rule that was broken. */
    public Rule rule() {
        return rule;
    }
}
