package dev.candlesignal.flink;

import dev.candlesignal.Action;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Signal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The CSV lines of {@code candlesignal replay}, so a Flink job's files read like the CLI's output: the header
 * {@link #HEADER}, then one line per evaluation that consulted the model. A BUY or SELL suppressed by the cooldown or
 * withheld as out of domain prints as HOLD (what a bot acts on).
 *
 * <p>This is the CLI's format ({@code SignalFormat.CSV} in signal-cli, an application module that a Flink job does not
 * depend on), repeated here; {@code SignalCsvTest} pins it to lines of the CLI's bundled replay.
 *
 * <p>Stateless (static methods only).
 */
public final class SignalCsv {
    /** The header line. */
    public static final String HEADER = "symbol,open_time,close,probability,action,strength,confidence,stop_loss,take_profit";

    private SignalCsv() {
    }

    /**
     * The line of an evaluation that consulted the model.
     *
     * @throws IllegalArgumentException if it did not (no signal)
     */
    public static String line(Evaluation e) {
        Signal s = e.signal().orElseThrow(() -> new IllegalArgumentException("evaluation of " + e.stream() + " at "
                + e.candle().openTime() + " has status " + e.status() + " and no signal to print"));
        boolean emitted = e.status() == Evaluation.Status.SIGNAL;
        Action action = emitted ? s.action() : Action.HOLD;
        String strength = emitted ? s.strength().name() : "NONE";
        String stop = emitted ? decimal(s.stopLoss()) : "";
        String target = emitted ? decimal(s.takeProfit()) : "";
        String p = String.format(Locale.ROOT, "%.6f", s.probability());
        String confidence = String.format(Locale.ROOT, "%.6f", s.confidence());
        return String.join(",", s.symbol(), s.candleTime().toString(), decimal(e.candle().close()), p, action.name(),
                strength, confidence, stop, target);
    }

    /** Up to 8 decimals, without trailing zeros, never in exponent form. */
    static String decimal(double value) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
