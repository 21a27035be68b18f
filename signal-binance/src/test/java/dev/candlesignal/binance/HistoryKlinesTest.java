package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code historyKlines}: the klines of {@code history}, page by page, with Binance's decimal strings as sent. */
class HistoryKlinesTest {
    @AutoClose
    final FakeRig rig = new FakeRig();

    @Test
    void handsOverEachPageAsItArrivesWithTheSameKlinesAsHistory() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        Instant from = t("2019-07-01T00:00:00Z");
        Instant to = t("2020-07-01T00:00:00Z");
        List<Integer> requestsSeenByPage = new ArrayList<>();
        List<BinanceKline> got = new ArrayList<>();

        rig.driver().call(() -> {
            rig.source().historyKlines(BTC, from, to, page -> {
                requestsSeenByPage.add(klineRequests());
                got.addAll(page);
            });
            return null;
        });

        assertThat(requestsSeenByPage).as("each page handed over before the next is asked for")
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<Candle> candles = got.stream().map(BinanceKline::candle).toList();
        assertThat(Fixtures.firstDifference(rig.history(BTC, from, to), candles)).isEmpty();
    }

    @Test
    void keepsBinancesDecimalStringsDigitForDigit() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        Path csv = FakeMarket.dataDir().resolve("BTCUSDT-1h.csv");
        rig.fake().klineRows(FakeBinance.rowsAsIn(csv));
        Map<Long, String[]> file = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, 8761)) {
            file.put(Long.parseLong(line.substring(0, line.indexOf(','))), line.split(","));
        }
        List<BinanceKline> got = new ArrayList<>();

        rig.driver().call(() -> {
            rig.source().historyKlines(BTC, t("2019-07-01T00:00:00Z"), t("2020-07-01T00:00:00Z"), got::addAll);
            return null;
        });

        assertThat(got).hasSize(8760);
        int beyondADouble = 0;
        for (BinanceKline k : got) {
            String[] f = file.get(k.candle().openTime().toEpochMilli());
            assertThat(List.of(k.open(), k.high(), k.low(), k.close(), k.volume(), k.quoteVolume(),
                    k.takerBuyBaseVolume(), k.takerBuyQuoteVolume()))
                    .containsExactly(f[1], f[2], f[3], f[4], f[5], f[7], f[9], f[10]);
            if (!KlineCsv.decimal(k.candle().quoteVolume()).equals(k.quoteVolume())) {
                beyondADouble++;
            }
        }
        assertThat(beyondADouble).as("quote volumes a double printed with 8 decimals would change").isPositive();
    }

    @Test
    void anExceptionOfTheConsumerEndsTheCallAndPropagates() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        IllegalStateException disk = new IllegalStateException("disk full");
        List<Integer> pages = new ArrayList<>();

        assertThatThrownBy(() -> rig.driver().call(() -> {
            rig.source().historyKlines(BTC, t("2019-07-01T00:00:00Z"), t("2020-07-01T00:00:00Z"), page -> {
                pages.add(page.size());
                throw disk;
            });
            return null;
        })).isSameAs(disk);
        assertThat(pages).containsExactly(1000);
        assertThat(klineRequests()).isEqualTo(1);
    }

    @Test
    void aKlineChecksItsStringsAgainstItsCandle() {
        Candle c = Fixtures.market().all("BTCUSDT").get(0);
        String q = KlineCsv.decimal(c.quoteVolume());
        assertThatThrownBy(() -> new BinanceKline(c, "1e4", "1", "1", "1", "1", q, "1", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("open \"1e4\" is not a plain decimal");
        assertThatThrownBy(() -> new BinanceKline(c, KlineCsv.decimal(c.open() + 1), KlineCsv.decimal(c.high()),
                KlineCsv.decimal(c.low()), KlineCsv.decimal(c.close()), KlineCsv.decimal(c.volume()), q,
                KlineCsv.decimal(c.takerBuyBaseVolume()), KlineCsv.decimal(c.takerBuyQuoteVolume())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not read as the candle's");
    }

    private int klineRequests() {
        return (int) rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines")).count();
    }
}
