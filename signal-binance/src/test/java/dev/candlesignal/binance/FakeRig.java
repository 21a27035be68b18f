package dev.candlesignal.binance;

import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.VirtualTime;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The usual test set-up: a {@link VirtualTime}, a {@link FakeBinance} on it with the bundled market, a
 * {@link BinanceCandleSource} wired to both ({@link Fixtures#source}, customised per test) and the
 * {@link TimeDriver} that drives them. Declare it as {@code @AutoClose final FakeRig rig = new FakeRig();} and call
 * {@link #start} in the test; {@link #close} closes the source, then the fake, and does nothing if the rig never
 * started (like OkHttp's {@code MockWebServer}).
 *
 * <p>Not thread-safe: start and close it on the test's thread; threads started after {@link #start} may read its
 * parts.
 */
final class FakeRig implements AutoCloseable {
    private VirtualTime time;
    private FakeBinance fake;
    private BinanceCandleSource source;
    private TimeDriver driver;

    /** Starts with the fixture source as it is. */
    FakeRig start(Instant now) {
        return start(now, UnaryOperator.identity());
    }

    /** Starts with the fixture source after {@code customise} has set what this test needs. */
    FakeRig start(Instant now, UnaryOperator<BinanceCandleSource.Builder> customise) {
        if (time != null) {
            throw new IllegalStateException("the rig has already started at " + time);
        }
        time = new VirtualTime(now);
        fake = new FakeBinance(Fixtures.market(), time);
        source = customise.apply(Fixtures.source(fake, time)).build();
        driver = new TimeDriver(time, source, fake);
        return this;
    }

    VirtualTime time() {
        return started(time);
    }

    FakeBinance fake() {
        return started(fake);
    }

    BinanceCandleSource source() {
        return started(source);
    }

    TimeDriver driver() {
        return started(driver);
    }

    /** {@link BinanceCandleSource#history} run by the {@link TimeDriver}, which moves time while it waits. */
    List<Candle> history(StreamKey key, Instant from, Instant to) throws Exception {
        return driver().call(() -> source().history(key, from, to));
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("call start(...) first");
        }
        return part;
    }

    /** Closes the source, then the fake. Idempotent. */
    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
        if (fake != null) {
            fake.close();
        }
    }
}
