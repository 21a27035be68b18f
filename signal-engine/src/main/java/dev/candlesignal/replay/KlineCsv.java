package dev.candlesignal.replay;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleFormatException;
import dev.candlesignal.CandleTimeException;
import dev.candlesignal.Interval;
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
import java.util.Objects;
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
 * <p>Times are checked against the interval, given or {@link #inferInterval inferred}, with {@link Interval}'s
 * rules: every timestamp in 2009..2100 (a 1970 date is epoch seconds read as milliseconds), open times on the
 * interval's UTC grid, close times inside their candle's slot (earlier than {@code open + interval - 1 ms} is
 * accepted: Binance closes a candle early for maintenance), consecutive rows a whole number of intervals apart
 * (more than one is a gap, which is real data). A violation names the file, the line and the value as written.
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
     * Reads every candle of a file, a name ending in {@code .gz} through gzip, and checks its times against the
     * interval {@link #inferInterval inferred} from the data.
     *
     * @throws CandleFormatException for a malformed row or times that fit no interval, naming file, line and value
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Candle> read(Path file) {
        return read(file, Optional.empty());
    }

    /**
     * Reads every candle of a file of {@code interval} candles, a name ending in {@code .gz} through gzip, and
     * checks the times against the interval ({@link Interval#checkTimes}, {@link Interval#checkSpacing}).
     *
     * @throws CandleFormatException for a malformed row or a time that does not fit the interval, naming file,
     *     line and value
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Candle> read(Path file, Interval interval) {
        return read(file, Optional.of(Objects.requireNonNull(interval, "interval")));
    }

    private static List<Candle> read(Path file, Optional<Interval> interval) {
        try (java.io.InputStream raw = Files.newInputStream(file);
                java.io.InputStream in = file.getFileName().toString().endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8),
                        1 << 16)) {
            return read(reader, file.toString(), interval);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every candle from {@code reader} and checks the times against the interval inferred from the data;
     * {@code source} names it in error messages.
     *
     * @throws CandleFormatException for a malformed row or times that fit no interval
     */
    public static List<Candle> read(Reader reader, String source) throws IOException {
        return read(reader, source, Optional.empty());
    }

    /**
     * Reads every candle of {@code interval} from {@code reader} and checks the times against the interval;
     * {@code source} names it in error messages.
     *
     * @throws CandleFormatException for a malformed row or a time that does not fit the interval
     */
    public static List<Candle> read(Reader reader, String source, Interval interval) throws IOException {
        return read(reader, source, Optional.of(Objects.requireNonNull(interval, "interval")));
    }

    private static List<Candle> read(Reader reader, String source, Optional<Interval> interval) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Rows rows = new Rows();
        int[] index = null;
        int width = 0;
        long firstLine = 0;
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
                String first = cells[0].trim();
                // every row has exactly the header's (or the first row's) number of cells: a trailing extra
                // field is a shifted or mixed file, never something to ignore
                width = cells.length;
                firstLine = lineNo;
                if (!first.isEmpty() && Character.isLetter(first.charAt(0))) {
                    index = headerIndex(cells, source, lineNo);
                    continue;
                }
                index = positionalIndex(cells.length, source, lineNo);
            }
            if (cells.length != width) {
                throw new CandleFormatException(source, lineNo, "expected " + width + " columns (as in line "
                        + firstLine + ") but found " + cells.length);
            }
            Candle candle = parseRow(cells, index, source, lineNo);
            if (previous != null && !candle.openTime().isAfter(previous)) {
                throw new CandleFormatException(source, lineNo, "open time " + candle.openTime()
                        + (candle.openTime().equals(previous) ? " repeats the previous row's" : " is before the previous row's ")
                        + (candle.openTime().equals(previous) ? "" : previous.toString())
                        + "; rows must be in strictly increasing open-time order");
            }
            previous = candle.openTime();
            // parseRow has checked both cells are integers
            rows.add(candle, lineNo, Long.parseLong(cells[index[0]].trim()), Long.parseLong(cells[index[6]].trim()));
        }
        if (rows.candles.isEmpty()) {
            return rows.candles;
        }
        Interval checked;
        String inferredNote;
        if (interval.isPresent()) {
            checked = interval.get();
            inferredNote = "";
        } else {
            checked = inferInterval(rows.candles).orElseThrow(() -> new CandleFormatException(source, rows.lines[0],
                    "cannot tell the interval of the data: no two consecutive rows are a whole Binance interval apart"
                            + " and the first candle's close time fits none (" + describeSpacing(rows.candles) + ")"));
            inferredNote = " (interval " + checked + " inferred from the spacing of the open times)";
        }
        checkTimes(rows, checked, source, inferredNote);
        return rows.candles;
    }

    /** The second pass: every row's times against the interval, naming the line and the value as written. */
    private static void checkTimes(Rows rows, Interval interval, String source, String inferredNote) {
        Instant previous = null;
        for (int i = 0; i < rows.candles.size(); i++) {
            Candle c = rows.candles.get(i);
            try {
                interval.checkTimes(c.openTime(), c.closeTime());
                if (previous != null) {
                    interval.checkSpacing(previous, c.openTime());
                }
            } catch (CandleTimeException e) {
                boolean close = e.field().equals("closeTime");
                throw new CandleFormatException(source, rows.lines[i], "column '" + (close ? "close_time" : "open_time")
                        + "' value " + (close ? rows.closeValues[i] : rows.openValues[i]) + ": " + e.getMessage()
                        + inferredNote, e);
            }
            previous = c.openTime();
        }
    }

    /**
     * The interval of a candle series, from its data: the interval that most pairs of consecutive candles are
     * exactly one of apart (ties go to the shorter interval); for a single candle, or when no pair is one interval
     * apart, the shortest interval on whose grid the first candle opens and within whose slot it closes. Empty if
     * nothing fits. Used when neither the user nor the file name says the interval; the times are then checked
     * against the result, so data that mixes intervals is refused either way.
     */
    public static Optional<Interval> inferInterval(List<Candle> candles) {
        Objects.requireNonNull(candles, "candles");
        if (candles.isEmpty()) {
            return Optional.empty();
        }
        int[] votes = new int[Interval.values().length];
        for (int k = 1; k < candles.size(); k++) {
            Instant a = candles.get(k - 1).openTime();
            Instant b = candles.get(k).openTime();
            for (Interval i : Interval.values()) {
                if (i.isAligned(a) && i.next(a).equals(b)) {
                    votes[i.ordinal()]++;
                    break;
                }
            }
        }
        int best = -1;
        for (int v = 0; v < votes.length; v++) {
            if (votes[v] > 0 && (best < 0 || votes[v] > votes[best])) {
                best = v;
            }
        }
        if (best >= 0) {
            return Optional.of(Interval.values()[best]);
        }
        Candle first = candles.get(0);
        for (Interval i : Interval.values()) {
            if (i.isAligned(first.openTime()) && first.closeTime().isBefore(i.next(first.openTime()))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static String describeSpacing(List<Candle> candles) {
        if (candles.size() < 2) {
            return "one row, opened at " + candles.get(0).openTime() + ", closed at " + candles.get(0).closeTime();
        }
        return "the first two rows open " + java.time.Duration.between(candles.get(0).openTime(),
                candles.get(1).openTime()) + " apart";
    }

    /**
     * Parsed rows with their line numbers and time values as written (milliseconds or microseconds), for the second
     * pass's messages; 24 bytes a row beside the candle.
     */
    private static final class Rows {
        final List<Candle> candles = new ArrayList<>();
        long[] lines = new long[64];
        long[] openValues = new long[64];
        long[] closeValues = new long[64];

        void add(Candle candle, long line, long openValue, long closeValue) {
            int n = candles.size();
            if (n == lines.length) {
                lines = Arrays.copyOf(lines, n * 2);
                openValues = Arrays.copyOf(openValues, n * 2);
                closeValues = Arrays.copyOf(closeValues, n * 2);
            }
            lines[n] = line;
            openValues[n] = openValue;
            closeValues[n] = closeValue;
            candles.add(candle);
        }
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
        Instant t = value > MICROS_THRESHOLD ? Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000)
                : Instant.ofEpochMilli(value);
        try {
            // before the interval is known: a 1970 date (seconds read as milliseconds) must not steer the inference
            Interval.checkPlausible(column.equals("close_time") ? "closeTime" : "openTime", t);
        } catch (CandleTimeException e) {
            throw new CandleFormatException(source, lineNo, "column '" + column + "' value " + cell.trim() + ": "
                    + e.getMessage(), e);
        }
        return t;
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
