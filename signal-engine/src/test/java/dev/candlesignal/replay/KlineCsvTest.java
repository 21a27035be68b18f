package dev.candlesignal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleFormatException;
import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KlineCsvTest {
    static final String HEADER = String.join(",", KlineCsv.COLUMNS);
    static final String ROW1 = "1561939200000,10854.10000000,11104.41000000,10719.00000000,11091.54000000,"
            + "5443.61584300,1561942799999,59507274.26870913,41805,2872.31356400,31410278.93806373";
    static final String ROW2 = "1561942800000,11091.06000000,11171.42000000,10958.31000000,10973.34000000,"
            + "4095.86489000,1561946399999,45291380.22029317,28305,2149.68442200,23788750.75481241";

    static List<Candle> parse(String text) throws IOException {
        return KlineCsv.read(new StringReader(text), "test.csv");
    }

    @Test
    void readsTheHeaderFormat() throws IOException {
        List<Candle> candles = parse(HEADER + "\n" + ROW1 + "\n" + ROW2 + "\n");
        assertThat(candles).hasSize(2);
        Candle c = candles.get(0);
        assertThat(c.openTime()).isEqualTo(Instant.parse("2019-07-01T00:00:00Z"));
        assertThat(c.closeTime()).isEqualTo(Instant.parse("2019-07-01T00:59:59.999Z"));
        assertThat(c.open()).isEqualTo(10854.1);
        assertThat(c.high()).isEqualTo(11104.41);
        assertThat(c.low()).isEqualTo(10719.0);
        assertThat(c.close()).isEqualTo(11091.54);
        assertThat(c.volume()).isEqualTo(5443.615843);
        assertThat(c.quoteVolume()).isEqualTo(59507274.26870913);
        assertThat(c.trades()).isEqualTo(41805);
        assertThat(c.takerBuyBaseVolume()).isEqualTo(2872.313564);
        assertThat(c.takerBuyQuoteVolume()).isEqualTo(31410278.93806373);
    }

    @Test
    void readsHeaderColumnsInAnyOrderAndSkipsIgnore() throws IOException {
        String header = "close,open,high,low,volume,open_time,close_time,quote_volume,trades,taker_buy_base_volume,"
                + "taker_buy_quote_volume,ignore";
        List<Candle> candles = parse(header + "\n105,100,110,90,5,1561939200000,1561942799999,500,3,2,200,0\n");
        assertThat(candles.get(0).close()).isEqualTo(105);
        assertThat(candles.get(0).open()).isEqualTo(100);
    }

    @Test
    void readsBinanceArchivesInMillisecondsAndMicroseconds() throws IOException {
        List<Candle> ms = parse(ROW1 + ",0\n" + ROW2 + ",0\n");
        assertThat(ms).hasSize(2);
        String micros = "1735689600000000,93576.00,94509.42,93489.03,94401.14,657.78,1735693199999999,61889021.34,"
                + "109826,315.45,29679540.51,0\n";
        Candle c = parse(micros).get(0);
        assertThat(c.openTime()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(c.closeTime()).isEqualTo(Instant.parse("2025-01-01T00:59:59.999999Z"));
        assertThat(c.close()).isEqualTo(94401.14);
    }

    @Test
    void malformedRowsNameFileLineAndReason() {
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW1 + "\n" + ROW2.replace("11171.42000000", "abc") + "\n"))
                .isInstanceOf(CandleFormatException.class)
                .hasMessage("test.csv:3: column 'high': \"abc\" is not a finite decimal number")
                .satisfies(e -> {
                    assertThat(((CandleFormatException) e).line()).isEqualTo(3);
                    assertThat(((CandleFormatException) e).source()).isEqualTo("test.csv");
                });
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW1.replace("10854.10000000", "NaN") + "\n"))
                .hasMessageContaining("test.csv:2: column 'open': \"NaN\" is not a finite decimal number");
        assertThatThrownBy(() -> parse(HEADER + "\n1,2,3\n")).hasMessageContaining("test.csv:2: expected 11 columns (as in line 1) but found 3");
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW1.replace("1561939200000,", "x1,") + "\n"))
                .hasMessageContaining("column 'open_time': \"x1\" is not an integer epoch timestamp");
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW1.replace(",41805,", ",4.5,") + "\n"))
                .hasMessageContaining("column 'trades': \"4.5\" is not an integer");
    }

    @Test
    void anExtraTrailingFieldIsAnErrorNotIgnored() {
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW1 + "\n" + ROW2 + ",7\n"))
                .isInstanceOf(CandleFormatException.class)
                .hasMessage("test.csv:3: expected 11 columns (as in line 1) but found 12");
        // in Binance's archive layout the first row sets the width
        assertThatThrownBy(() -> parse(ROW1 + ",0\n" + ROW2 + ",0,9\n"))
                .hasMessage("test.csv:2: expected 12 columns (as in line 1) but found 13");
    }

    @Test
    void invalidCandlesAreReportedWithTheirLine() {
        String badRange = ROW1.replace("11104.41000000", "10000.00000000");
        assertThatThrownBy(() -> parse(HEADER + "\n" + badRange + "\n")).isInstanceOf(CandleFormatException.class)
                .hasMessageContaining("test.csv:2:").hasMessageContaining("high 10000.0 is below low 10719.0");
    }

    @Test
    void unknownAndMissingColumns() {
        assertThatThrownBy(() -> parse(HEADER + ",colour\n")).hasMessageContaining("test.csv:1: unknown column 'colour'");
        assertThatThrownBy(() -> parse("open_time,open,high,low,close,volume\n"))
                .hasMessageContaining("missing column 'close_time'");
        assertThatThrownBy(() -> parse("1,2,3,4\n")).hasMessageContaining("expected a header or 12 columns");
    }

    @Test
    void rowsMustBeInStrictlyIncreasingOrder() {
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW2 + "\n" + ROW1 + "\n"))
                .hasMessageContaining("test.csv:3: open time 2019-07-01T00:00:00Z is before the previous row's 2019-07-01T01:00:00Z");
        assertThatThrownBy(() -> parse(HEADER + "\n" + ROW1 + "\n" + ROW1 + "\n"))
                .hasMessageContaining("test.csv:3: open time 2019-07-01T00:00:00Z repeats the previous row's");
    }

    @Test
    void skipsBlankLinesAndAByteOrderMark() throws IOException {
        assertThat(parse("\uFEFF" + HEADER + "\n\n" + ROW1 + "\n\n")).hasSize(1);
        assertThat(parse("")).isEmpty();
    }

    @Test
    void readsGzipFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.csv.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((HEADER + "\n" + ROW1 + "\n").getBytes());
        }
        assertThat(KlineCsv.read(file)).hasSize(1);
    }

    @Test
    void readsTheBundledYearOfBtcusdt() {
        List<Candle> candles = KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv"));
        assertThat(candles).hasSize(8760);
        assertThat(KlineCsv.read(Path.of("../data/binance/LTCUSDT-1h.csv.gz"))).hasSize(8760);
    }

    @Test
    void writesWhatBinancePrints(@TempDir Path dir) throws IOException {
        List<Candle> candles = parse(HEADER + "\n" + ROW1 + "\n" + ROW2 + "\n");
        StringWriter out = new StringWriter();
        KlineCsv.write(out, candles);
        assertThat(out.toString()).isEqualTo(HEADER + "\n" + ROW1 + "\n" + ROW2 + "\n");
        Path file = dir.resolve("out.csv");
        KlineCsv.write(file, candles);
        assertThat(KlineCsv.read(file)).isEqualTo(candles);
    }

    @Test
    void writeThenReadRoundTrips() {
        Property.forAll(candleLists()).tries(200).check(candles -> {
            StringWriter out = new StringWriter();
            KlineCsv.write(out, candles);
            assertThat(parse(out.toString())).isEqualTo(candles);
        });
    }

    /** Up to 20 consecutive 1h candles; OHLC (and the volumes, which reuse them) in units of 1e-8 below 1e7. */
    static Generator<List<Candle>> candleLists() {
        // prices with at most 8 decimals and below 1e7, so the 8-decimal text form is exact; prices must be > 0
        Generator<Long> cents = Generators.longs(1, 1_000_000_000_000_000L / 1000);
        Generator<double[]> ohlc = Generators.combine(cents, cents, cents, cents, (a, b, c, d) -> {
            double[] v = {a / 1e8, b / 1e8, c / 1e8, d / 1e8};
            java.util.Arrays.sort(v);
            return new double[] {v[1], v[3], v[0], v[2]};
        });
        return Generators.combine(ohlc.list(0, 20), Generators.longs(0, 1_000_000),
                (rows, trades) -> {
                    List<Candle> list = new ArrayList<>();
                    Instant t = Instant.parse("2021-01-01T00:00:00Z");
                    for (double[] r : rows) {
                        // taker-buy volumes (low, open) at most the volumes (high, high)
                        list.add(new Candle(t, t.plusSeconds(3599).plusMillis(999), r[0], r[1], r[2], r[3], r[1],
                                r[1], trades, r[2], r[0], Optional.empty()));
                        t = t.plusSeconds(3600);
                    }
                    return list;
                });
    }
}
