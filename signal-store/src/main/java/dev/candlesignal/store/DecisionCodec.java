package dev.candlesignal.store;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link RetrainDecision} as the keys and values of a properties file, and back. Stateless. */
final class DecisionCodec {
    private DecisionCodec() {
    }

    static Map<String, String> encode(RetrainDecision d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("time", d.time().toString());
        m.put("symbol", d.stream().symbol());
        m.put("interval", d.stream().interval().wireName());
        m.put("modelId", d.modelId());
        m.put("trigger", d.trigger());
        m.put("championVersion", d.championVersion());
        d.challengerVersion().ifPresent(v -> m.put("challengerVersion", v));
        m.put("verdict", d.verdict().name());
        m.put("reason", d.reason());
        d.scores().ifPresent(s -> {
            m.put("scores.from", s.from().toString());
            m.put("scores.to", s.to().toString());
            m.put("scores.windows", Integer.toString(s.windows()));
            m.put("scores.championLogLoss", Double.toString(s.championLogLoss()));
            m.put("scores.challengerLogLoss", Double.toString(s.challengerLogLoss()));
            m.put("scores.baselineLogLoss", Double.toString(s.baselineLogLoss()));
            m.put("scores.championHitRate", Double.toString(s.championHitRate()));
            m.put("scores.challengerHitRate", Double.toString(s.challengerHitRate()));
            m.put("scores.previousDirectionHitRate", Double.toString(s.previousDirectionHitRate()));
        });
        return m;
    }

    /** @throws IllegalArgumentException naming the missing or bad key */
    static RetrainDecision decode(Map<String, String> m) {
        Optional<HeldOutScores> scores = Optional.empty();
        if (m.containsKey("scores.from")) {
            scores = Optional.of(new HeldOutScores(instant(m, "scores.from"), instant(m, "scores.to"),
                    Integer.parseInt(get(m, "scores.windows")), number(m, "scores.championLogLoss"),
                    number(m, "scores.challengerLogLoss"), number(m, "scores.baselineLogLoss"),
                    number(m, "scores.championHitRate"), number(m, "scores.challengerHitRate"),
                    number(m, "scores.previousDirectionHitRate")));
        }
        return new RetrainDecision(instant(m, "time"),
                StreamKey.of(get(m, "symbol"), Interval.fromWireName(get(m, "interval"))), get(m, "modelId"),
                get(m, "trigger"), get(m, "championVersion"), Optional.ofNullable(m.get("challengerVersion")),
                RetrainDecision.Verdict.valueOf(get(m, "verdict")), scores, get(m, "reason"));
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return v;
    }

    private static Instant instant(Map<String, String> m, String key) {
        try {
            return Instant.parse(get(m, key));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("key '" + key + "' is not an instant: " + m.get(key), e);
        }
    }

    private static double number(Map<String, String> m, String key) {
        try {
            return Double.parseDouble(get(m, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + key + "' is not a number: " + m.get(key), e);
        }
    }
}
