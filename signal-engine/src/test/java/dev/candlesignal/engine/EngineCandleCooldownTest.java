package dev.candlesignal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Evaluation.Status;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cooldown counted in candles, and what the default (60 minutes) does on 1h candles. */
class EngineCandleCooldownTest {
    static final StreamKey BTC1H = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
    final TestFeatureSet fs = TestFeatureSet.withPeriod(2);

    SignalEngine engine(Cooldown cooldown) {
        return SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 1, "1"))
                .policy(new EngineFixtures.ScriptedPolicy()).cooldown(cooldown).listener(new RecordingListener()).build();
    }

    List<Status> run(SignalEngine engine, StreamKey stream, List<Candle> candles) {
        List<Status> out = new ArrayList<>();
        for (Candle c : candles) {
            out.add(engine.onCandle(stream, c).status());
        }
        return out;
    }

    @Test
    void theDefaultSixtyMinutesSuppressesNothingOnHourlyCandles() {
        // warm-up, HOLD, then BUY on 8 consecutive hours: the next 1h candle opens exactly 60 min later
        int[] volumes = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
        List<Candle> candles = EngineFixtures.scripted(Interval.HOUR_1, START, volumes, new int[volumes.length]);
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 1, "1"))
                .policy(new EngineFixtures.ScriptedPolicy()).build();
        assertThat(engine.cooldown()).isEqualTo(Cooldown.of(Duration.ofMinutes(60)));
        assertThat(run(engine, BTC1H, candles).subList(2, volumes.length)).containsOnly(Status.SIGNAL);
    }

    @Test
    void threeCandlesOnHourlyCandlesSuppressTheNextThree() {
        // BUY on every candle from 02:00; a SELL at 04:00 is never blocked by the BUYs
        int[] volumes = {0, 0, 1, 1, 2, 1, 1, 1, 1, 1, 2, 2};
        List<Candle> candles = EngineFixtures.scripted(Interval.HOUR_1, START, volumes, new int[volumes.length]);
        SignalEngine engine = engine(Cooldown.ofCandles(3));
        List<Evaluation> evaluations = new ArrayList<>();
        for (Candle c : candles) {
            evaluations.add(engine.onCandle(BTC1H, c));
        }
        assertThat(evaluations).extracting(Evaluation::status).containsExactly(
                Status.NOT_READY,
                Status.HOLD,
                Status.SIGNAL,    // BUY 02:00
                Status.COOLDOWN,  // BUY 03:00, 1 candle later
                Status.SIGNAL,    // SELL 04:00: the opposite direction
                Status.COOLDOWN,  // BUY 05:00, 3 candles after 02:00
                Status.SIGNAL,    // BUY 06:00, the 4th candle after 02:00
                Status.COOLDOWN,  // 07:00
                Status.COOLDOWN,  // 08:00
                Status.COOLDOWN,  // 09:00
                Status.SIGNAL,    // SELL 10:00, 6 candles after the SELL at 04:00
                Status.COOLDOWN); // SELL 11:00
    }

    @Test
    void missingCandlesCountAsCandles() {
        // BUY at 02:00, then 2 candles missing, BUY at 05:00: 3 slots later, still within 3 candles; 06:00 is out
        int[] volumes = {0, 0, 1, 1, 1};
        int[] gaps = {0, 0, 0, 2, 0};
        List<Candle> candles = EngineFixtures.scripted(Interval.HOUR_1, START, volumes, gaps);
        assertThat(run(engine(Cooldown.ofCandles(3)), BTC1H, candles))
                .containsExactly(Status.NOT_READY, Status.HOLD, Status.SIGNAL, Status.COOLDOWN, Status.SIGNAL);
    }

    @Test
    void nCandlesIsTheTimeCooldownOfNPlusOneIntervals() {
        Random random = new Random(13);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(80);
            int[] volumes = new int[n];
            int[] gaps = new int[n];
            for (int i = 0; i < n; i++) {
                volumes[i] = random.nextInt(3);
                gaps[i] = random.nextInt(8) == 0 ? 1 + random.nextInt(5) : 0;
            }
            int candles = random.nextInt(6);
            for (Interval interval : List.of(Interval.MINUTE_15, Interval.HOUR_1, Interval.DAY_1)) {
                StreamKey key = StreamKey.of("BTCUSDT", interval);
                List<Candle> series = EngineFixtures.scripted(interval, START, volumes, gaps);
                List<Status> inCandles = run(engine(Cooldown.ofCandles(candles)), key, series);
                List<Status> inTime = run(engine(Cooldown.of(interval.duration().multipliedBy(candles + 1))),
                        key, series);
                assertThat(inCandles).as("seed 13 trial %d, %d candles on %s", trial, candles, interval)
                        .isEqualTo(inTime);
            }
        }
    }

    @Test
    void monthlyCandlesCountCalendarMonths() {
        StreamKey monthly = StreamKey.of("BTCUSDT", Interval.MONTH_1);
        int[] volumes = {0, 0, 1, 1, 1};
        List<Candle> candles = EngineFixtures.scripted(Interval.MONTH_1, START, volumes, new int[volumes.length]);
        assertThat(run(engine(Cooldown.ofCandles(1)), monthly, candles))
                .containsExactly(Status.NOT_READY, Status.HOLD, Status.SIGNAL, Status.COOLDOWN, Status.SIGNAL);
    }

    @Test
    void theReasonNamesTheCooldownInItsUnit() {
        int[] volumes = {0, 0, 1, 1};
        List<Candle> candles = EngineFixtures.scripted(Interval.HOUR_1, START, volumes, new int[volumes.length]);
        SignalEngine engine = engine(Cooldown.ofCandles(3));
        Evaluation last = null;
        for (Candle c : candles) {
            last = engine.onCandle(BTC1H, c);
        }
        assertThat(last.reason()).isEqualTo("BUY within 3 candles of the BUY at 2020-01-01T02:00:00Z");
    }

    @Test
    void cooldownValuesValidateAndDescribeThemselves() {
        assertThatThrownBy(() -> Cooldown.ofCandles(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Cooldown.of(Duration.ofMinutes(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-5M");
        assertThatThrownBy(() -> Cooldown.of(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> SignalEngine.builder().cooldownCandles(-3)).hasMessageContaining("-3");
        assertThat(Cooldown.ofCandles(3)).hasToString("3 candles").isEqualTo(Cooldown.ofCandles(3))
                .isNotEqualTo(Cooldown.of(Duration.ofHours(3)));
        assertThat(Cooldown.ofCandles(1)).hasToString("1 candle");
        assertThat(Cooldown.of(Duration.ofMinutes(60))).hasToString("60 min");
        assertThat(Cooldown.of(Duration.ofMillis(1500))).hasToString("1500 ms");
        assertThat(Cooldown.ofCandles(0)).isEqualTo(Cooldown.none()).isEqualTo(Cooldown.of(Duration.ZERO));
        assertThat(Cooldown.ofCandles(3).inCandles()).isTrue();
        assertThat(Cooldown.ofCandles(3).candles()).isEqualTo(3);
        assertThat(Cooldown.of(Duration.ofMinutes(5)).duration()).isEqualTo(Duration.ofMinutes(5));
    }
}
