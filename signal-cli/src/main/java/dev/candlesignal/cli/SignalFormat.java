package dev.candlesignal.cli;

import dev.candlesignal.Action;
import dev.candlesignal.Signal;
import dev.candlesignal.Evaluation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The line formats shared by {@code replay} and {@code live}: CSV with the header {@link #CSV_HEADER}, or JSON lines.
 * A candle whose same-direction signal was suppressed by the cooldown, or withheld because its window was out of the
 * model's training domain, prints as HOLD (that is what the bot acts on); the JSON form also carries the engine's
 * status and the suppressed decision.
 */
enum SignalFormat {
    CSV,
    JSON;

    static final String CSV_HEADER = "symbol,open_time,close,probability,action,strength,confidence,stop_loss,take_profit";

    /** The header line, or null when the format has none. */
    String header() {
        return this == CSV ? CSV_HEADER : null;
    }

    /** One line for an evaluation that consulted the model. */
    String line(Evaluation e) {
        Signal s = e.signal().orElseThrow();
        boolean emitted = e.status() == Evaluation.Status.SIGNAL;
        Action action = emitted ? s.action() : Action.HOLD;
        String strength = emitted ? s.strength().name() : "NONE";
        String stop = emitted ? decimal(s.stopLoss()) : "";
        String target = emitted ? decimal(s.takeProfit()) : "";
        String time = s.candleTime().toString();
        String p = String.format(Locale.ROOT, "%.6f", s.probability());
        String confidence = String.format(Locale.ROOT, "%.6f", s.confidence());
        String close = decimal(e.candle().close());
        if (this == CSV) {
            return String.join(",", s.symbol(), time, close, p, action.name(), strength, confidence, stop, target);
        }
        StringBuilder json = new StringBuilder(220);
        json.append("{\"symbol\":\"").append(s.symbol()).append("\",\"interval\":\"").append(s.interval().wireName())
                .append("\",\"open_time\":\"").append(time).append("\",\"close\":").append(close)
                .append(",\"probability\":").append(p).append(",\"action\":\"").append(action)
                .append("\",\"strength\":\"").append(strength).append("\",\"confidence\":").append(confidence)
                .append(",\"stop_loss\":").append(stop.isEmpty() ? "null" : stop)
                .append(",\"take_profit\":").append(target.isEmpty() ? "null" : target)
                .append(",\"status\":\"").append(e.status()).append('"');
        if ((e.status() == Evaluation.Status.COOLDOWN || e.status() == Evaluation.Status.OUT_OF_DOMAIN)
                && s.action() != Action.HOLD) {
            json.append(",\"suppressed\":\"").append(s.action()).append('"');
        }
        json.append(",\"model_version\":\"").append(s.modelVersion()).append("\"}");
        return json.toString();
    }

    /** Up to 8 decimals, without trailing zeros, never in exponent form. */
    static String decimal(double value) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
