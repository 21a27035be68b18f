package dev.candlesignal.binance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candlesignal.binance.RejectReason;
import java.util.regex.Pattern;

/**
 * Strict readers for Binance's JSON fields: decimals arrive as strings ({@code "0.01634790"}) and are parsed from
 * the string, never through a binary float of the JSON number; times and counts are integral numbers.
 *
 * <p>Stateless.
 */
final class JsonFields {
    /** Binance prints non-negative plain decimals; "NaN", "Infinity", "1e5", "abc" and "" are not prices. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

    private JsonFields() {
    }

    static double decimalAt(JsonNode parent, String field, RejectReason reason) throws MessageRejectedException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MessageRejectedException(reason, "field '" + field + "' is missing");
        }
        return decimal(node, field, reason);
    }

    static double decimal(JsonNode node, String field, RejectReason reason) throws MessageRejectedException {
        return Double.parseDouble(decimalText(node, field, reason));
    }

    /**
     * A decimal field as Binance wrote it (the string, checked); a plain JSON number, which Binance does not send
     * but which is accepted when finite, as the plain decimal of its double.
     */
    static String decimalText(JsonNode node, String field, RejectReason reason) throws MessageRejectedException {
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (Double.isFinite(d)) {
                return java.math.BigDecimal.valueOf(d).toPlainString();
            }
            throw new MessageRejectedException(reason, "field '" + field + "' is not finite: " + node);
        }
        if (!node.isTextual()) {
            throw new MessageRejectedException(reason, "field '" + field + "' is not a decimal string: "
                    + HealthCounters.excerpt(node.toString()));
        }
        String text = node.textValue();
        if (!DECIMAL.matcher(text).matches()) {
            throw new MessageRejectedException(reason, "field '" + field + "': \"" + HealthCounters.excerpt(text)
                    + "\" is not a decimal number");
        }
        return text;
    }

    static long integerAt(JsonNode parent, String field, RejectReason reason) throws MessageRejectedException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MessageRejectedException(reason, "field '" + field + "' is missing");
        }
        return integer(node, field, reason);
    }

    static long integer(JsonNode node, String field, RejectReason reason) throws MessageRejectedException {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new MessageRejectedException(reason, "field '" + field + "' is not an integer: "
                    + HealthCounters.excerpt(node.toString()));
        }
        return node.longValue();
    }

    static String text(JsonNode parent, String field, RejectReason reason) throws MessageRejectedException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new MessageRejectedException(reason, "field '" + field + "' is missing or not a string");
        }
        return node.textValue();
    }

    static boolean bool(JsonNode parent, String field, RejectReason reason) throws MessageRejectedException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isBoolean()) {
            throw new MessageRejectedException(reason, "field '" + field + "' is missing or not a boolean");
        }
        return node.booleanValue();
    }
}
