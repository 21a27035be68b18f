package dev.candlesignal.binance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Gap;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.BackoffPolicy;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once, in-order delivery as a property: for any 1h series with exchange outages, and any mix of
 * lost, duplicated, late and stale kline events, intermediate updates and reconnects, the delivered candles are
 * exactly the series and every outage is reported once, as a gap of the right size. REST is the
 * {@link FakeMarket} (Binance's paging, partial forming candle), time jumps over every wait.
 */
class StreamDeliveryPropertyTest {
    private static final StreamKey KEY = StreamKey.of("TEST", Interval.HOUR_1);

    record Faults(List<Candle> truth, long seed) {
    }

    @Test
    void deliversTheSeriesExactlyOnceInOrderWhateverArrives() {
        Property.forAll(Generators.combine(Candles.series(1, 60), Generators.longs(), Faults::new)).tries(300)
                .check(f -> deliversTheSeriesExactlyOnceInOrderWhateverArrives(f.truth(), f.seed()));
    }

    private static void deliversTheSeriesExactlyOnceInOrderWhateverArrives(List<Candle> truth, long seed)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        FakeMarket market = new FakeMarket(Map.of("TEST", truth));
        ImmediateTime time = new ImmediateTime(truth.get(0).openTime().plusSeconds(600));
        ServerClock clock = new ServerClock(time, Duration.ofDays(1));
        HealthCounters health = new HealthCounters();
        Waiter waiter = new Waiter(time, time, new Activity());
        KlinePager pager = new KlinePager((key, start, end, limit) -> market.klines("TEST",
                start.map(Instant::toEpochMilli).orElse(null), end.map(Instant::toEpochMilli).orElse(null), limit,
                time.instant()), () -> { }, clock, Duration.ofSeconds(1));
        Retrier retrier = new Retrier(waiter, BackoffPolicy.DEFAULT, seed);
        List<Candle> delivered = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        StreamDelivery delivery = new StreamDelivery(new Backfiller(pager, retrier, waiter, clock), clock, health,
                new StreamDelivery.Sink() {
                    @Override
                    public void gap(Gap gap) {
                        gaps.add(gap);
                    }

                    @Override
                    public void candle(StreamKey key, Candle candle, boolean backfilled) {
                        delivered.add(candle);
                    }
                });
        StreamCursor cursor = new StreamCursor(KEY, truth.get(0).openTime());
        delivery.onLive(cursor);

        List<Candle> deferred = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            Candle c = truth.get(i);
            time.atLeast(c.openTime().plusSeconds(1 + random.nextInt(120)));
            if (random.nextInt(10) < 8) {
                delivery.onKline(cursor, live(FakeMarket.partial(c, time.instant(), Interval.HOUR_1), false));
            }
            for (Candle d : deferred) {
                delivery.onKline(cursor, live(d, true));  // a close that arrives after the next candle's update
            }
            deferred.clear();
            if (i > 0 && random.nextInt(10) == 0) {
                delivery.onKline(cursor, live(truth.get(random.nextInt(i)), true));  // stale
            }
            if (random.nextInt(10) == 0) {
                delivery.onLive(cursor);  // a reconnect
            }
            time.atLeast(c.closeTime().plusMillis(1 + random.nextInt(3000)));
            int fate = random.nextInt(10);
            if (fate < 3) {
                continue;  // the final event is lost
            }
            if (fate < 5) {
                deferred.add(c);
                continue;
            }
            delivery.onKline(cursor, live(c, true));
            if (fate == 5) {
                delivery.onKline(cursor, live(c, true));  // duplicate
            }
        }
        time.atLeast(truth.get(truth.size() - 1).closeTime().plusSeconds(5));
        delivery.onLive(cursor);  // the final reconnect picks up anything still missing

        assertThat(delivered).hasSameSizeAs(truth);
        for (int i = 0; i < truth.size(); i++) {
            assertThat(delivered.get(i).sameKline(truth.get(i))).as("candle %d", i).isTrue();
        }
        List<Gap> expectedGaps = new ArrayList<>();
        for (int i = 1; i < truth.size(); i++) {
            long missing = Interval.HOUR_1.slotsBetween(truth.get(i - 1).openTime(), truth.get(i).openTime()) - 1;
            if (missing > 0) {
                expectedGaps.add(new Gap(KEY, truth.get(i - 1).openTime(), truth.get(i).openTime(), missing));
            }
        }
        assertThat(gaps).isEqualTo(expectedGaps);
        assertThat(health.delivered.sum()).isEqualTo(truth.size());
    }

    private static KlineParser.LiveKline live(Candle c, boolean closed) {
        return new KlineParser.LiveKline("TEST", Interval.HOUR_1, c, closed);
    }

    @Test
    void aStartInsideAnOutageReportsTheGapFromTheSlotBeforeTheStart() {
        Property.forAll(Candles.series(1, 60)).tries(50)
                .check(StreamDeliveryPropertyTest::aStartInsideAnOutageReportsTheGapFromTheSlotBeforeTheStart);
    }

    private static void aStartInsideAnOutageReportsTheGapFromTheSlotBeforeTheStart(List<Candle> truth)
            throws Exception {
        Instant start = truth.get(0).openTime().minus(Duration.ofHours(3));
        FakeMarket market = new FakeMarket(Map.of("TEST", truth));
        ImmediateTime time = new ImmediateTime(truth.get(truth.size() - 1).closeTime().plusSeconds(30));
        ServerClock clock = new ServerClock(time, Duration.ofDays(1));
        Waiter waiter = new Waiter(time, time, new Activity());
        KlinePager pager = new KlinePager((key, s, e, limit) -> market.klines("TEST",
                s.map(Instant::toEpochMilli).orElse(null), e.map(Instant::toEpochMilli).orElse(null), limit,
                time.instant()), () -> { }, clock, Duration.ofSeconds(1));
        List<Gap> gaps = new ArrayList<>();
        List<Candle> delivered = new ArrayList<>();
        StreamDelivery delivery = new StreamDelivery(new Backfiller(pager, new Retrier(waiter, BackoffPolicy.DEFAULT, 1),
                waiter, clock), clock, new HealthCounters(), new StreamDelivery.Sink() {
                    @Override
                    public void gap(Gap gap) {
                        gaps.add(gap);
                    }

                    @Override
                    public void candle(StreamKey key, Candle candle, boolean backfilled) {
                        delivered.add(candle);
                    }
                });

        delivery.onLive(new StreamCursor(KEY, start));

        assertThat(delivered).hasSameSizeAs(truth);
        assertThat(gaps).isNotEmpty();
        assertThat(gaps.get(0)).isEqualTo(new Gap(KEY, start.minus(Duration.ofHours(1)), truth.get(0).openTime(), 3));
        assertThat(Optional.of(gaps.get(0).missingCandles())).contains(3L);
    }
}
