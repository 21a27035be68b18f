package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-01-11T00:00:00Z");

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void drawsPagesCandlesShareAndEtaInPlaceAndErasesItself() {
        StringWriter sink = new StringWriter();
        Manual clock = new Manual();
        ProgressBar bar = new ProgressBar(new PrintWriter(sink), clock, "BTCUSDT 1m", FROM, TO);

        clock.now = clock.now.plusSeconds(10);
        bar.page(1000, FROM.plus(Duration.ofDays(2)));
        assertThat(sink.toString()).isEqualTo("\rBTCUSDT 1m [#####...................]  20%  1 page  1,000 candles"
                + "  ETA 0:40");

        clock.now = clock.now.plusSeconds(30);
        bar.page(1000, FROM.plus(Duration.ofDays(8)));
        assertThat(sink.toString()).endsWith("\rBTCUSDT 1m [###################.....]  80%  2 pages  2,000 candles"
                + "  ETA 0:10");

        int before = sink.toString().length();
        bar.done();
        String erase = sink.toString().substring(before);
        assertThat(erase).matches("\r +\r");
    }
}
