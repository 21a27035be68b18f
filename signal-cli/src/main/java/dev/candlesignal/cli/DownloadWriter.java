package dev.candlesignal.cli;

import dev.candlesignal.Interval;
import dev.candlesignal.binance.BinanceKline;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes downloaded klines as a kline CSV in the layout of {@code data/binance} (the header
 * {@link KlineCsv#COLUMNS}, epoch milliseconds), page by page as they arrive, with every price and volume exactly
 * as Binance sent it ({@link BinanceKline}): reformatting the parsed double would round quote volumes such as
 * {@code 70341465.07528167}, which a double cannot hold. Counts the candles and the slots the exchange has no
 * candle for.
 *
 * <p>Not thread-safe.
 */
final class DownloadWriter {
    private final Writer out;
    private final Interval interval;
    private final StringBuilder row = new StringBuilder(200);
    private long candles;
    private long missing;
    private int gaps;
    private Instant lastOpen;

    /** Writes the header. */
    DownloadWriter(Writer out, Interval interval) throws IOException {
        this.out = out;
        this.interval = interval;
        out.write(String.join(",", KlineCsv.COLUMNS));
        out.write('\n');
    }

    /** Writes one page of klines (in open-time order, after every earlier page's) and flushes it. */
    void page(List<BinanceKline> page) throws IOException {
        for (BinanceKline k : page) {
            Instant open = k.candle().openTime();
            if (lastOpen != null) {
                long skipped = interval.slotsBetween(lastOpen, open) - 1;
                if (skipped > 0) {
                    missing += skipped;
                    gaps++;
                }
            }
            lastOpen = open;
            row.setLength(0);
            row.append(open.toEpochMilli()).append(',')
                    .append(k.open()).append(',')
                    .append(k.high()).append(',')
                    .append(k.low()).append(',')
                    .append(k.close()).append(',')
                    .append(k.volume()).append(',')
                    .append(k.candle().closeTime().toEpochMilli()).append(',')
                    .append(k.quoteVolume()).append(',')
                    .append(k.candle().trades()).append(',')
                    .append(k.takerBuyBaseVolume()).append(',')
                    .append(k.takerBuyQuoteVolume()).append('\n');
            out.write(row.toString());
            candles++;
        }
        // to the file as it arrives: the temporary file shows the progress, and memory stays flat
        out.flush();
    }

    long candles() {
        return candles;
    }

    long missingSlots() {
        return missing;
    }

    int gaps() {
        return gaps;
    }

    /** The open time of the last candle written. */
    Optional<Instant> lastOpen() {
        return Optional.ofNullable(lastOpen);
    }
}
