package dev.candlesignal.binance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The limiter alone, on a clock that jumps over every wait. */
class RateLimiterTest {
    private final ImmediateTime time = new ImmediateTime(Instant.parse("2020-01-01T00:00:10Z"));
    private final ServerClock clock = new ServerClock(time, Duration.ofHours(1));
    private final RateLimiter limiter = new RateLimiter(clock, new Waiter(time, time, new Activity()), 10, 3);

    @Test
    void admitsUpToTheBudgetThenWaitsForTheNextMinute() throws Exception {
        for (int i = 0; i < 5; i++) {
            limiter.acquire(2);
        }
        assertThat(time.instant()).isEqualTo(Instant.parse("2020-01-01T00:00:10Z"));
        assertThat(limiter.usedWeight()).isEqualTo(10);

        limiter.acquire(2);

        assertThat(time.instant()).isEqualTo(Instant.parse("2020-01-01T00:01:00Z"));
        assertThat(limiter.usedWeight()).isEqualTo(2);
    }

    @Test
    void followsTheWeightBinanceReports() throws Exception {
        limiter.acquire(1);
        limiter.observeUsedWeight(9, clock.now());
        limiter.acquire(1);
        assertThat(time.instant()).isEqualTo(Instant.parse("2020-01-01T00:00:10Z"));
        limiter.acquire(1);
        assertThat(time.instant()).isEqualTo(Instant.parse("2020-01-01T00:01:00Z"));
        limiter.observeUsedWeight(3000, Instant.parse("2020-01-01T00:00:30Z"));
        assertThat(limiter.usedWeight()).as("a report for an old window is ignored").isEqualTo(1);
    }

    @Test
    void aRequestInTheLastSecondOfAWindowIsChargedToTheNextToo() throws Exception {
        time.atLeast(Instant.parse("2020-01-01T00:00:59.500Z"));
        limiter.acquire(8);
        time.atLeast(Instant.parse("2020-01-01T00:01:00.100Z"));
        assertThat(limiter.usedWeight()).isEqualTo(8);
    }

    @Test
    void pausesHonourRetryAfterAndDefaults() throws Exception {
        limiter.pause(429, Optional.of(Duration.ofSeconds(30)));
        assertThat(limiter.pausedUntil()).contains(Instant.parse("2020-01-01T00:00:40Z"));
        limiter.acquire(1);
        assertThat(time.instant()).isEqualTo(Instant.parse("2020-01-01T00:00:40Z"));

        limiter.pause(429, Optional.empty());
        assertThat(limiter.pausedUntil()).as("429 without Retry-After: the next window").contains(Instant.parse("2020-01-01T00:01:00Z"));
        limiter.pause(418, Optional.empty());
        assertThat(limiter.pausedUntil()).as("418 without Retry-After: the shortest ban").contains(Instant.parse("2020-01-01T00:02:40Z"));
        limiter.pause(429, Optional.of(Duration.ofSeconds(1)));
        assertThat(limiter.pausedUntil()).as("a shorter pause never shortens a longer one").contains(Instant.parse("2020-01-01T00:02:40Z"));
    }

    @Test
    void aRequestLargerThanTheBudgetIsAConfigurationError() {
        assertThatThrownBy(() -> limiter.acquire(11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 11").hasMessageContaining("budget of 10");
    }

    @Test
    void connectionAttemptsAreLimitedInASlidingFiveMinuteWindow() {
        Instant t0 = time.instant();
        assertThat(limiter.tryConnectionAttempt(t0)).isEmpty();
        assertThat(limiter.tryConnectionAttempt(t0.plusSeconds(60))).isEmpty();
        assertThat(limiter.tryConnectionAttempt(t0.plusSeconds(120))).isEmpty();
        assertThat(limiter.tryConnectionAttempt(t0.plusSeconds(130))).contains(t0.plusSeconds(300));
        assertThat(limiter.tryConnectionAttempt(t0.plusSeconds(300))).isEmpty();
    }
}
