package dev.candlesignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The candle time rules of {@link Interval}: grid, close time, spacing, plausible range. */
class IntervalTimeRulesTest {
    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void fixedIntervalsAreEpochAlignedInUtc() {
        assertThat(Interval.HOUR_1.isAligned(t("2019-07-01T01:00:00Z"))).isTrue();
        assertThat(Interval.HOUR_1.isAligned(t("2019-07-01T01:30:00Z"))).isFalse();
        assertThat(Interval.HOUR_1.isAligned(t("2019-07-01T01:00:00.001Z"))).isFalse();
        assertThat(Interval.HOUR_1.isAligned(t("2019-07-01T01:00:00.000001Z"))).as("a microsecond off").isFalse();
        assertThat(Interval.HOUR_4.isAligned(t("2019-07-01T04:00:00Z"))).isTrue();
        assertThat(Interval.HOUR_4.isAligned(t("2019-07-01T01:00:00Z"))).isFalse();
        assertThat(Interval.MINUTE_15.isAligned(t("2019-07-01T01:45:00Z"))).isTrue();
        assertThat(Interval.MINUTE_15.isAligned(t("2019-07-01T01:50:00Z"))).isFalse();
        assertThat(Interval.SECOND_1.isAligned(t("2019-07-01T01:50:07Z"))).isTrue();
        assertThat(Interval.DAY_1.isAligned(t("2019-07-01T00:00:00Z"))).isTrue();
        assertThat(Interval.DAY_1.isAligned(t("2019-07-01T01:00:00Z"))).isFalse();
    }

    @Test
    void theGridIgnoresDaylightSavingTime() {
        // 2020-03-29 is the EU change to summer time and 2020-03-08 the US one: UTC candles are unaffected
        Instant open = t("2020-03-29T00:00:00Z");
        for (int h = 0; h < 48; h++) {
            Instant o = open.plusSeconds(3600L * h);
            assertThat(Interval.HOUR_1.isAligned(o)).isTrue();
            assertThat(Interval.HOUR_1.closeTimeOf(o)).isEqualTo(o.plusSeconds(3600).minusMillis(1));
        }
        assertThat(Interval.DAY_1.isAligned(t("2020-03-08T00:00:00Z"))).isTrue();
        assertThat(Interval.DAY_1.isAligned(t("2020-03-08T07:00:00Z"))).as("midnight in New York, not UTC").isFalse();
        assertThat(Interval.DAY_1.closeTimeOf(t("2020-03-29T00:00:00Z"))).isEqualTo(t("2020-03-29T23:59:59.999Z"));
    }

    @Test
    void weeksStartOnMonday() {
        assertThat(Interval.WEEK_1.isAligned(t("2017-08-14T00:00:00Z"))).as("a Monday").isTrue();
        assertThat(Interval.WEEK_1.isAligned(t("2020-01-06T00:00:00Z"))).as("a Monday").isTrue();
        assertThat(Interval.WEEK_1.isAligned(t("2020-01-02T00:00:00Z"))).as("a Thursday, as 1970-01-01").isFalse();
        assertThat(Interval.WEEK_1.isAligned(t("2020-01-05T00:00:00Z"))).as("a Sunday").isFalse();
        assertThat(Interval.WEEK_1.isAligned(t("2020-01-06T01:00:00Z"))).isFalse();
        // every Monday of a few years, and no other day
        ZonedDateTime d = ZonedDateTime.of(2019, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 3 * 366; i++, d = d.plusDays(1)) {
            assertThat(Interval.WEEK_1.isAligned(d.toInstant())).as(d.toString())
                    .isEqualTo(d.getDayOfWeek() == DayOfWeek.MONDAY);
        }
        assertThat(Interval.WEEK_1.closeTimeOf(t("2020-01-06T00:00:00Z"))).isEqualTo(t("2020-01-12T23:59:59.999Z"));
    }

    @Test
    void monthsStartOnTheFirst() {
        assertThat(Interval.MONTH_1.isAligned(t("2020-02-01T00:00:00Z"))).isTrue();
        assertThat(Interval.MONTH_1.isAligned(t("2020-02-02T00:00:00Z"))).isFalse();
        assertThat(Interval.MONTH_1.isAligned(t("2020-02-01T00:00:01Z"))).isFalse();
        assertThat(Interval.MONTH_1.closeTimeOf(t("2020-02-01T00:00:00Z"))).as("leap year")
                .isEqualTo(t("2020-02-29T23:59:59.999Z"));
        assertThat(Interval.MONTH_1.closeTimeOf(t("2021-02-01T00:00:00Z"))).isEqualTo(t("2021-02-28T23:59:59.999Z"));
        assertThat(Interval.MONTH_1.closeTimeOf(t("2020-12-01T00:00:00Z"))).isEqualTo(t("2020-12-31T23:59:59.999Z"));
    }

    @Test
    void threeDaysAreCheckedAtMidnightOnly() {
        assertThat(Interval.DAY_3.isAligned(t("2020-01-02T00:00:00Z"))).isTrue();
        assertThat(Interval.DAY_3.isAligned(t("2020-01-02T12:00:00Z"))).isFalse();
        assertThat(Interval.DAY_3.intervalsBetween(t("2020-01-02T00:00:00Z"), t("2020-01-08T00:00:00Z")))
                .isEqualTo(OptionalLong.of(2));
        assertThatThrownBy(() -> Interval.DAY_3.checkSpacing(t("2020-01-02T00:00:00Z"), t("2020-01-04T00:00:00Z")))
                .isInstanceOf(CandleTimeException.class)
                .extracting(e -> ((CandleTimeException) e).rule()).isEqualTo(CandleTimeException.Rule.SPACING);
    }

    @Test
    void intervalsBetweenIsExact() {
        Instant a = t("2020-01-01T00:00:00Z");
        assertThat(Interval.HOUR_1.intervalsBetween(a, a.plusSeconds(5 * 3600))).isEqualTo(OptionalLong.of(5));
        assertThat(Interval.HOUR_1.intervalsBetween(a, a.plusSeconds(5 * 3600 + 1800))).isEmpty();
        assertThat(Interval.HOUR_1.intervalsBetween(a.plusSeconds(3600), a)).isEqualTo(OptionalLong.of(-1));
        assertThat(Interval.HOUR_1.intervalsBetween(a, a.plusNanos(3_600_000_000_000L + 1000))).isEmpty();
        assertThat(Interval.MONTH_1.intervalsBetween(a, t("2020-03-01T00:00:00Z"))).isEqualTo(OptionalLong.of(2));
        assertThat(Interval.MONTH_1.intervalsBetween(a, t("2020-03-02T00:00:00Z"))).isEmpty();
        assertThat(Interval.MONTH_1.intervalsBetween(t("2020-02-01T00:00:00Z"), t("2021-03-01T00:00:00Z")))
                .as("months of 29, 30 and 31 days").isEqualTo(OptionalLong.of(13));
    }

    @Test
    void aGapIsAWholeNumberOfIntervalsAndPasses() {
        Instant a = t("2020-01-01T00:00:00Z");
        Interval.HOUR_1.checkSpacing(a, a.plusSeconds(3600));
        Interval.HOUR_1.checkSpacing(a, a.plusSeconds(24 * 3600));
        Interval.MONTH_1.checkSpacing(a, t("2020-05-01T00:00:00Z"));
    }

    @Test
    void spacingThatIsNotAWholeNumberOfIntervalsIsRefused() {
        Instant a = t("2020-01-01T00:00:00Z");
        assertThatThrownBy(() -> Interval.HOUR_1.checkSpacing(a, a.plusSeconds(60)))
                .isInstanceOf(CandleTimeException.class)
                .hasMessageContaining("open time 2020-01-01T00:01:00Z is not a whole number of 1h intervals after the "
                        + "previous open time 2020-01-01T00:00:00Z");
        assertThatThrownBy(() -> Interval.HOUR_1.checkSpacing(a, a)).isInstanceOf(CandleTimeException.class);
    }

    @Test
    void theOpenTimeMustBeOnTheGrid() {
        Instant open = t("2019-07-01T01:30:00Z");
        assertThatThrownBy(() -> Interval.HOUR_1.checkTimes(open, open.plusSeconds(1800)))
                .isInstanceOf(CandleTimeException.class)
                .hasMessageContaining("open time 2019-07-01T01:30:00Z is not on the 1h grid")
                .satisfies(e -> {
                    assertThat(((CandleTimeException) e).rule()).isEqualTo(CandleTimeException.Rule.GRID);
                    assertThat(((CandleTimeException) e).field()).isEqualTo("openTime");
                });
    }

    @Test
    void theCloseTimeMustLieInsideTheSlotButMayBeEarly() {
        Instant open = t("2020-02-19T11:00:00Z");
        Interval.HOUR_1.checkTimes(open, open.plusSeconds(3600).minusMillis(1));
        Interval.HOUR_1.checkTimes(open, open.plusSeconds(3600).minusNanos(1000)); // microsecond archives
        Interval.HOUR_1.checkTimes(open, t("2020-02-19T11:35:32.286Z")); // closed early for maintenance (bundled data)
        assertThatThrownBy(() -> Interval.MINUTE_1.checkTimes(open, open.plusSeconds(3600).minusMillis(1)))
                .as("1h data read as 1m").isInstanceOf(CandleTimeException.class)
                .hasMessageContaining("close time 2020-02-19T11:59:59.999Z is after the end of the 1m candle opened at "
                        + "2020-02-19T11:00:00Z (at most 2020-02-19T11:00:59.999Z")
                .extracting(e -> ((CandleTimeException) e).rule()).isEqualTo(CandleTimeException.Rule.CLOSE_TIME);
        assertThatThrownBy(() -> Interval.HOUR_1.checkTimes(open, open.plusSeconds(3600)))
                .isInstanceOf(CandleTimeException.class);
    }

    @Test
    void timestampsOutside2009To2100AreRefused() {
        // 2019-07-01T00:00Z in epoch seconds, read as milliseconds
        Instant seconds = Instant.ofEpochMilli(1561939200L);
        assertThatThrownBy(() -> Interval.HOUR_1.checkTimes(seconds, seconds))
                .isInstanceOf(CandleTimeException.class)
                .hasMessageContaining("open time 1970-01-19T01:52:19.200Z is outside 2009-01-01T00:00:00Z .. "
                        + "2100-01-01T00:00:00Z (epoch seconds read as milliseconds?)")
                .extracting(e -> ((CandleTimeException) e).rule()).isEqualTo(CandleTimeException.Rule.RANGE);
        Instant late = t("2100-01-01T00:00:00Z");
        assertThatThrownBy(() -> Interval.HOUR_1.checkTimes(late, late)).isInstanceOf(CandleTimeException.class)
                .hasMessageContaining("is outside");
        Instant first = t("2009-01-01T00:00:00Z");
        Interval.HOUR_1.checkTimes(first, Interval.HOUR_1.closeTimeOf(first));
    }

    @ParameterizedTest
    @EnumSource(Interval.class)
    void consecutiveFullCandlesPassEveryRule(Interval interval) {
        Instant open = t("2020-06-01T00:00:00Z"); // a Monday and the 1st
        for (int i = 0; i < 40; i++) {
            interval.checkTimes(open, interval.closeTimeOf(open));
            Instant next = interval.next(open);
            interval.checkSpacing(open, next);
            assertThat(interval.intervalsBetween(open, next)).isEqualTo(OptionalLong.of(1));
            open = next;
        }
    }
}
