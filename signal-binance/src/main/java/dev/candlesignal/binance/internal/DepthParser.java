package dev.candlesignal.binance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candlesignal.InvalidCandleException;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.binance.RejectReason;
import java.time.Instant;

/**
 * Reads a partial book ({@code {"lastUpdateId":..,"bids":[["price","qty"],..],"asks":[..]}}), the payload of
 * both {@code <symbol>@depth<N>@100ms} streams and {@code GET /api/v3/depth}, into an {@link OrderBookSnapshot}
 * of at most {@code levels} quantities per side, best first.
 *
 * <p>Stateless and thread-safe.
 */
public final class DepthParser {
    private DepthParser() {
    }

    public static OrderBookSnapshot parse(JsonNode book, int levels, Instant time) throws MessageRejectedException {
        RejectReason r = RejectReason.INVALID_DEPTH;
        if (!book.isObject()) {
            throw new MessageRejectedException(r, "depth payload is not an object");
        }
        try {
            return new OrderBookSnapshot(time, side(book, "bids", levels), side(book, "asks", levels));
        } catch (InvalidCandleException e) {
            throw new MessageRejectedException(r, e.getMessage(), e);
        }
    }

    private static double[] side(JsonNode book, String name, int levels) throws MessageRejectedException {
        JsonNode side = book.get(name);
        if (side == null || !side.isArray()) {
            throw new MessageRejectedException(RejectReason.INVALID_DEPTH, "depth payload has no '" + name + "' array");
        }
        int n = Math.min(levels, side.size());
        double[] quantities = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode level = side.get(i);
            if (!level.isArray() || level.size() < 2) {
                throw new MessageRejectedException(RejectReason.INVALID_DEPTH, name + "[" + i
                        + "] is not a [price, quantity] pair");
            }
            JsonFields.decimal(level.get(0), name + "[" + i + "].price", RejectReason.INVALID_DEPTH);
            quantities[i] = JsonFields.decimal(level.get(1), name + "[" + i + "].quantity", RejectReason.INVALID_DEPTH);
        }
        return quantities;
    }
}
