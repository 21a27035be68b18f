package dev.candlesignal.replay;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleFormatException;
import dev.candlesignal.InvalidCandleException;
import dev.candlesignal.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes Binance kline CSV files.
 *
 * <p>Two layouts are read, detected from the first line:
 * <ul>
 *   <li>with a header ({@code open_time,open,high,low,close,volume,close_time,quote_volume,trades,
 *       taker_buy_base_volume,taker_buy_quote_volume}, columns in any order, an optional {@code ignore});</li>
 *   <li>Binance's bulk archives (data.binance.vision): no header, 12 columns in REST order, the last being
 *       {@code ignore}; 11 columns are accepted too.</li>
 * </ul>
 * Timestamps are epoch milliseconds, or microseconds (spot archives from 2025 on), told apart by magnitude:
 * above 10^14 is microseconds. Rows must be in strictly increasing open-time order. A malformed row fails with a
 * {@link CandleFormatException} naming the file, the line and the reason.
 *
 * <p>Writing produces the header layout with milliseconds and 8-decimal numbers, the format of Binance's REST API.
 *
 * <p>Stateless and thread-safe.
 */
public final class KlineCsv {

    /** The header this class writes, and the column names it reads. */
    public static final List<String> COLUMNS = List.of("open_time", "open", "high", "low", "close", "volume",
            "close_time", "quote_volume", "trades", "taker_buy_base_volume", "taker_buy_quote_volume");
    private static final String IGNORE = "ignore";
    private static final long MICROS_THRESHOLD = 100_000_000_000_000L;

    private KlineCsv() {
    }

    /**
     * Reads every candle of a file; a name ending in {@code .gz} is read through gzip.
     *
     * @throws CandleFormatException for a malformed row, naming file, line and reason
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Candle> read(Path file) {
        try (java.io.InputStream raw = Files.newInputStream(file);
                java.io.InputStream in = file.getFileName().toString().endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8),
                        1 << 16)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every candle from {@code reader}; {@code source} names it in error messages.
     *
     * @throws CandleFormatException for a malformed row
     */
    public static List<Candle> read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<Candle> candles = new ArrayList<>();
        int[] index = null;
        long lineNo = 0;
        String line;
        Instant previous = null;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (index == null) {
                if (!cells[0].isEmpty() && Character.isLetter(cells[0].trim().charAt(0))) {
                    index = headerIndex(cells, source, lineNo);
                    continue;
                }
                index = positionalIndex(cells.length, source, lineNo);
            }
            Candle candle = parseRow(cells, index, source, lineNo);
            if (previous != null && !candle.openTime().isAfter(previous)) {
                throw new CandleFormatException(source, lineNo, "open time " + candle.openTime()
                        + (candle.openTime().equals(previous) ? " repeats the previous row's" : " is before the previous row's ")
                        + (candle.openTime().equals(previous) ? "" : previous.toString())
                        + "; rows must be in strictly increasing open-time order");
            }
            previous = candle.openTime();
            candles.add(candle);
        }
        return candles;
    }

    private static int[] headerIndex(String[] cells, String source, long lineNo) {
        int[] index = new int[COLUMNS.size()];
        Arrays.fill(index, -1);
        for (int i = 0; i < cells.length; i++) {
            String name = cells[i].trim();
            int k = COLUMNS.indexOf(name);
            if (k >= 0) {
                if (index[k] >= 0) {
                    throw new CandleFormatException(source, lineNo, "column '" + name + "' appears twice in the header");
                }
                index[k] = i;
            } else if (!name.equals(IGNORE)) {
                throw new CandleFormatException(source, lineNo, "unknown column '" + name + "' (expected "
                        + String.join(",", COLUMNS) + ")");
            }
        }
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0) {
                throw new CandleFormatException(source, lineNo, "missing column '" + COLUMNS.get(k) + "' (header: "
                        + String.join(",", cells) + ")");
            }
        }
        return index;
    }

    private static int[] positionalIndex(int columns, String source, long lineNo) {
        if (columns != 11 && columns != 12) {
            throw new CandleFormatException(source, lineNo, "expected a header or 12 columns (Binance archive layout) but"
                    + " found " + columns + " columns");
        }
        int[] index = new int[COLUMNS.size()];
        for (int k = 0; k < index.length; k++) {
            index[k] = k;
        }
        return index;
    }

    private static Candle parseRow(String[] cells, int[] index, String source, long lineNo) {
        int expected = Arrays.stream(index).max().getAsInt() + 1;
        if (cells.length < expected) {
            throw new CandleFormatException(source, lineNo, "expected " + expected + " columns but found " + cells.length);
        }
        try {
            return new Candle(
                    time(cells[index[0]], COLUMNS.get(0), source, lineNo),
                    time(cells[index[6]], COLUMNS.get(6), source, lineNo),
                    number(cells, index, 1, source, lineNo),
                    number(cells, index, 2, source, lineNo),
                    number(cells, index, 3, source, lineNo),
                    number(cells, index, 4, source, lineNo),
                    number(cells, index, 5, source, lineNo),
                    number(cells, index, 7, source, lineNo),
                    integer(cells[index[8]], source, lineNo),
                    number(cells, index, 9, source, lineNo),
                    number(cells, index, 10, source, lineNo),
                    Optional.empty());
        } catch (InvalidCandleException e) {
            throw new CandleFormatException(source, lineNo, e.getMessage(), e);
        }
    }

    private static Instant time(String cell, String column, String source, long lineNo) {
        long value;
        try {
            value = Long.parseLong(cell.trim());
        } catch (NumberFormatException e) {
            throw new CandleFormatException(source, lineNo, "column '" + column + "': \"" + cell
                    + "\" is not an integer epoch timestamp");
        }
        if (value < 0) {
            throw new CandleFormatException(source, lineNo, "column '" + column + "': negative timestamp " + value);
        }
        if (value > MICROS_THRESHOLD) {
            return Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000);
        }
        return Instant.ofEpochMilli(value);
    }

    private static double number(String[] cells, int[] index, int column, String source, long lineNo) {
        String cell = cells[index[column]].trim();
        try {
            double d = Double.parseDouble(cell);
            if (!Double.isFinite(d) || cell.isEmpty() || !Character.isDigit(cell.charAt(cell.length() - 1))) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new CandleFormatException(source, lineNo, "column '" + COLUMNS.get(column) + "': \"" + cell
                    + "\" is not a finite decimal number");
        }
    }

    private static long integer(String cell, String source, long lineNo) {
        try {
            return Long.parseLong(cell.trim());
        } catch (NumberFormatException e) {
            throw new CandleFormatException(source, lineNo, "column 'trades': \"" + cell + "\" is not an integer");
        }
    }

    /**
     * Writes candles with a header, epoch milliseconds and 8-decimal numbers, replacing {@code file} atomically
     * ({@link AtomicFile}): if writing fails, the old file stays as it was.
     */
    public static void write(Path file, List<Candle> candles) {
        try {
            AtomicFile.writeText(file, out -> write(out, candles));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes candles with a header, epoch milliseconds and 8-decimal numbers. */
    public static void write(Writer out, List<Candle> candles) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        StringBuilder sb = new StringBuilder(200);
        for (Candle c : candles) {
            sb.setLength(0);
            sb.append(c.openTime().toEpochMilli()).append(',')
                    .append(decimal(c.open())).append(',')
                    .append(decimal(c.high())).append(',')
                    .append(decimal(c.low())).append(',')
                    .append(decimal(c.close())).append(',')
                    .append(decimal(c.volume())).append(',')
                    .append(c.closeTime().toEpochMilli()).append(',')
                    .append(decimal(c.quoteVolume())).append(',')
                    .append(c.trades()).append(',')
                    .append(decimal(c.takerBuyBaseVolume())).append(',')
                    .append(decimal(c.takerBuyQuoteVolume())).append('\n');
            out.write(sb.toString());
        }
    }

    /** A value with 8 decimals, as Binance prints prices and volumes. */
    public static String decimal(double value) {
        return BigDecimal.valueOf(value).setScale(8, RoundingMode.HALF_EVEN).toPlainString();
    }
}
