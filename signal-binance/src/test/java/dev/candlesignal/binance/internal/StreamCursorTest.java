package dev.candlesignal.binance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Gap;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamCursorTest {
    private static final StreamKey KEY = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    private static final Instant T10 = Instant.parse("2020-01-01T10:00:00Z");
    private static final Instant T11 = Instant.parse("2020-01-01T11:00:00Z");
    private static final Instant T12 = Instant.parse("2020-01-01T12:00:00Z");
    private static final Instant T15 = Instant.parse("2020-01-01T15:00:00Z");

    @Test
    void classifiesWhatArrivesAgainstThePosition() {
        StreamCursor c = new StreamCursor(KEY, T11);
        assertThat(c.classify(T11, false)).isEqualTo(StreamCursor.Verdict.OPEN);
        assertThat(c.classify(T11, true)).isEqualTo(StreamCursor.Verdict.DELIVER);
        assertThat(c.classify(T12, false)).isEqualTo(StreamCursor.Verdict.BACKFILL_FIRST);
        assertThat(c.classify(T12, true)).isEqualTo(StreamCursor.Verdict.BACKFILL_FIRST);
        assertThat(c.classify(T10, true)).as("nothing delivered yet").isEqualTo(StreamCursor.Verdict.STALE);

        c.delivered(T11);
        assertThat(c.nextOpen()).isEqualTo(T12);
        assertThat(c.classify(T11, true)).isEqualTo(StreamCursor.Verdict.DUPLICATE);
        assertThat(c.classify(T11, false)).isEqualTo(StreamCursor.Verdict.STALE);
        assertThat(c.classify(T10, true)).isEqualTo(StreamCursor.Verdict.STALE);
    }

    @Test
    void aResolvedOutageIsNotFetchedAgainAndBecomesOneGap() {
        StreamCursor c = new StreamCursor(KEY, T11);
        c.delivered(T11);
        c.resolvedBefore(T15);

        assertThat(c.classify(T15, false)).isEqualTo(StreamCursor.Verdict.OPEN);
        assertThat(c.classify(T15, true)).isEqualTo(StreamCursor.Verdict.DELIVER);
        assertThat(c.gapBefore(T15)).contains(new Gap(KEY, T11, T15, 3));
        assertThat(c.gapBefore(T12)).isEmpty();
        assertThat(c.classify(T15.plusSeconds(3600), false)).isEqualTo(StreamCursor.Verdict.BACKFILL_FIRST);
    }

    @Test
    void neverMovesBackwards() {
        StreamCursor c = new StreamCursor(KEY, T12);
        assertThatThrownBy(() -> c.delivered(T11)).isInstanceOf(IllegalStateException.class).hasMessageContaining(T11.toString());
    }
}
