package dev.candlesignal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleFormatException;
import dev.candlesignal.CandleTimeException;
import dev.candlesignal.Interval;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kline files whose rows parse but whose times do not fit the interval: each is refused with the file, the line and
 * the value as written. Built from the head of the bundled BTCUSDT 1h year.
 */
class KlineCsvTimeTest {
    static final String FILE = "BTCUSDT-1h.csv";
    static String header;
    /** The first 30 data rows of the bundled file, as written. */
    static List<String> rows;

    @BeforeAll
    static void readHead() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../data/binance/BTCUSDT-1h.csv"));
        header = lines.get(0);
        rows = new ArrayList<>(lines.subList(1, 31));
    }

    static String file(List<String> dataRows) {
        return header + "\n" + String.join("\n", dataRows) + "\n";
    }

    static List<Candle> read(List<String> dataRows, Interval interval) throws IOException {
        return KlineCsv.read(new StringReader(file(dataRows)), FILE, interval);
    }

    static List<Candle> read(List<String> dataRows) throws IOException {
        return KlineCsv.read(new StringReader(file(dataRows)), FILE);
    }

    /** Row {@code row} with its open and close time moved by {@code millis}. */
    static String shifted(String row, long millis) {
        String[] c = row.split(",", -1);
        c[0] = Long.toString(Long.parseLong(c[0]) + millis);
        c[6] = Long.toString(Long.parseLong(c[6]) + millis);
        return String.join(",", c);
    }

    /** A row with its open and close times replaced. */
    static String retimed(String row, long open, long close) {
        String[] c = row.split(",", -1);
        c[0] = Long.toString(open);
        c[6] = Long.toString(close);
        return String.join(",", c);
    }

    static long openOf(String row) {
        return Long.parseLong(row.split(",")[0]);
    }

    @Test
    void theCleanHeadPassesWithTheIntervalGivenOrInferred() throws IOException {
        assertThat(read(rows, Interval.HOUR_1)).hasSize(30);
        assertThat(read(rows)).hasSize(30);
        assertThat(KlineCsv.inferInterval(read(rows))).contains(Interval.HOUR_1);
    }

    @Test
    void hourlyRowsThatSwitchToMinutesAreRefused() {
        List<String> mixed = new ArrayList<>(rows.subList(0, 10));
        long t = openOf(rows.get(10));
        for (int i = 0; i < 5; i++) {
            mixed.add(retimed(rows.get(10 + i), t + 60_000L * i, t + 60_000L * (i + 1) - 1));
        }
        // the first 1m row opens on a whole hour and closes inside it (as an early close would); the second cannot
        assertThatThrownBy(() -> read(mixed, Interval.HOUR_1)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":13: column 'open_time' value " + (t + 60_000)
                        + ": open time 2019-07-01T10:01:00Z is not on the 1h grid")
                .satisfies(e -> assertThat(((CandleFormatException) e).line()).isEqualTo(13))
                .hasCauseInstanceOf(CandleTimeException.class);
        // inferred: 10 hourly steps against 4 minute steps, so 1h, and the same row is refused
        assertThatThrownBy(() -> read(mixed)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":13: column 'open_time' value " + (t + 60_000))
                .hasMessageContaining("(interval 1h inferred from the spacing of the open times)");
    }

    @Test
    void minuteRowsThatSwitchToHoursAreRefusedToo() {
        List<String> mixed = new ArrayList<>();
        long t = openOf(rows.get(0));
        for (int i = 0; i < 10; i++) {
            mixed.add(retimed(rows.get(i), t + 60_000L * i, t + 60_000L * (i + 1) - 1));
        }
        long hour = t + 3_600_000;
        mixed.add(retimed(rows.get(10), hour, hour + 3_599_999));
        assertThatThrownBy(() -> read(mixed)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":12: column 'close_time' value " + (hour + 3_599_999)
                        + ": close time 2019-07-01T01:59:59.999Z is after the end of the 1m candle opened at "
                        + "2019-07-01T01:00:00Z");
    }

    @Test
    void hourlyDataUnderAFourHourNameIsRefused() {
        assertThatThrownBy(() -> KlineCsv.read(new StringReader(file(rows)), "BTCUSDT-4h.csv", Interval.HOUR_4))
                .isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith("BTCUSDT-4h.csv:3: column 'open_time' value 1561942800000: open time "
                        + "2019-07-01T01:00:00Z is not on the 4h grid (4h candles open at whole multiples of 4h since "
                        + "1970-01-01T00:00Z, UTC)");
    }

    @Test
    void epochSecondsReadAsMillisecondsAreRefused() {
        List<String> seconds = new ArrayList<>();
        for (String r : rows) {
            String[] c = r.split(",", -1);
            seconds.add(retimed(r, Long.parseLong(c[0]) / 1000, Long.parseLong(c[6]) / 1000));
        }
        assertThatThrownBy(() -> read(seconds)).isInstanceOf(CandleFormatException.class)
                .hasMessage(FILE + ":2: column 'open_time' value 1561939200: open time 1970-01-19T01:52:19.200Z is "
                        + "outside 2009-01-01T00:00:00Z .. 2100-01-01T00:00:00Z (epoch seconds read as milliseconds?)");
        assertThatThrownBy(() -> read(seconds, Interval.HOUR_1)).hasMessageStartingWith(FILE + ":2: column 'open_time'");
    }

    @Test
    void aTimestampAfter2100IsRefused() {
        List<String> late = new ArrayList<>(rows.subList(0, 2));
        late.set(1, retimed(late.get(1), 4_102_444_800_000L, 4_102_448_399_999L));
        assertThatThrownBy(() -> read(late)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":3: column 'open_time' value 4102444800000: open time "
                        + "2100-01-01T00:00:00Z is outside");
    }

    @Test
    void oneRowShiftedByHalfAnHourIsRefused() {
        List<String> bad = new ArrayList<>(rows);
        bad.set(6, shifted(bad.get(6), 1_800_000));
        long value = openOf(rows.get(6)) + 1_800_000;
        assertThatThrownBy(() -> read(bad)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":8: column 'open_time' value " + value
                        + ": open time 2019-07-01T06:30:00Z is not on the 1h grid");
        assertThatThrownBy(() -> read(bad, Interval.HOUR_1)).hasMessageStartingWith(FILE + ":8: column 'open_time' value "
                + value);
    }

    @Test
    void aMinuteIntervalOnHourlyDataIsRefused() {
        assertThatThrownBy(() -> read(rows, Interval.MINUTE_1)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":2: column 'close_time' value 1561942799999: close time "
                        + "2019-07-01T00:59:59.999Z is after the end of the 1m candle opened at 2019-07-01T00:00:00Z "
                        + "(at most 2019-07-01T00:00:59.999Z");
    }

    @Test
    void aCloseTimePastTheSlotIsRefused() {
        List<String> bad = new ArrayList<>(rows);
        long open = openOf(bad.get(3));
        bad.set(3, retimed(bad.get(3), open, open + 3_600_000));
        assertThatThrownBy(() -> read(bad, Interval.HOUR_1)).isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith(FILE + ":5: column 'close_time' value " + (open + 3_600_000));
    }

    @Test
    void gapsStayGapsAndEarlyClosesStayValid() throws IOException {
        List<String> gappy = new ArrayList<>(rows.subList(0, 5));
        gappy.addAll(rows.subList(12, 30)); // 7 hours missing
        long open = openOf(gappy.get(2));
        gappy.set(2, retimed(gappy.get(2), open, open + 2_132_286)); // closed early, as 2020-02-19 11:00 in the data
        List<Candle> candles = read(gappy, Interval.HOUR_1);
        assertThat(candles).hasSize(23);
        assertThat(Interval.HOUR_1.slotsBetween(candles.get(4).openTime(), candles.get(5).openTime())).isEqualTo(8);
        assertThat(read(gappy)).isEqualTo(candles);
    }

    @Test
    void microsecondArchivesAreCheckedToTheMicrosecond() throws IOException {
        String good = "1735689600000000,93576.00,94509.42,93489.03,94401.14,657.78,1735693199999999,61889021.34,"
                + "109826,315.45,29679540.51,0";
        assertThat(KlineCsv.read(new StringReader(good + "\n"), "x.csv", Interval.HOUR_1)).hasSize(1);
        String offGrid = good.replace("1735689600000000", "1735689600000001");
        assertThatThrownBy(() -> KlineCsv.read(new StringReader(offGrid + "\n"), "x.csv", Interval.HOUR_1))
                .isInstanceOf(CandleFormatException.class)
                .hasMessageStartingWith("x.csv:1: column 'open_time' value 1735689600000001: open time "
                        + "2025-01-01T00:00:00.000001Z is not on the 1h grid");
    }

    @Test
    void weeklyAndMonthlyFilesFollowTheCalendar() throws IOException {
        String row = rows.get(0);
        // 2019-07-01 is a Monday and the 1st
        long monday = Instant.parse("2019-07-01T00:00:00Z").toEpochMilli();
        long week = 7 * 86_400_000L;
        List<String> weeks = List.of(retimed(row, monday, monday + week - 1),
                retimed(row, monday + week, monday + 2 * week - 1));
        assertThat(read(weeks, Interval.WEEK_1)).hasSize(2);
        assertThat(read(weeks)).hasSize(2);
        long thursday = Instant.parse("2019-07-04T00:00:00Z").toEpochMilli();
        assertThatThrownBy(() -> read(List.of(retimed(row, thursday, thursday + week - 1)), Interval.WEEK_1))
                .hasMessageContaining("not on the 1w grid (1w candles open on Mondays at 00:00 UTC)");
        long july = monday;
        long august = Instant.parse("2019-08-01T00:00:00Z").toEpochMilli();
        long september = Instant.parse("2019-09-01T00:00:00Z").toEpochMilli();
        List<String> months = List.of(retimed(row, july, august - 1), retimed(row, august, september - 1));
        assertThat(read(months, Interval.MONTH_1)).hasSize(2);
        assertThat(KlineCsv.inferInterval(read(months))).contains(Interval.MONTH_1);
        long secondOfAugust = august + 86_400_000L;
        assertThatThrownBy(() -> read(List.of(retimed(row, july, august - 1), retimed(row, secondOfAugust,
                september - 1)), Interval.MONTH_1)).hasMessageStartingWith(FILE + ":3: column 'open_time' value "
                        + secondOfAugust).hasMessageContaining("1M candles open on the 1st of a month at 00:00 UTC");
    }

    @Test
    void theBundledYearsPassTheirOwnInterval() {
        for (String f : List.of("BTCUSDT-1h.csv", "BNBUSDT-1h.csv.gz", "LTCUSDT-1h.csv.gz")) {
            Path p = Path.of("../data/binance", f);
            assertThat(KlineCsv.read(p, Interval.HOUR_1)).as(f).hasSize(8760);
            assertThat(KlineCsv.inferInterval(KlineCsv.read(p))).as(f).contains(Interval.HOUR_1);
        }
    }
}
