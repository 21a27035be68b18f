package dev.candlesignal.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.journal.OutcomeStats;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.journal.StreamStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed's rule ({@code needs_retrain}: nothing before 20; win rate below 0.45; first after 100; then every 30 days
 * with 50), the out-of-domain trigger, the spacing, and the reset fix: the counters the policy reads are those since the
 * last decision, so what triggered once does not trigger again on the next outcome.
 */
class SeedRetrainPolicyTest {
    private static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    private final SeedRetrainPolicy policy = SeedRetrainPolicy.defaults();

    /** {@code resolved} outcomes since the counters restarted, {@code recentWins} won among the last 50 of them. */
    private static PolicyInput input(long resolved, long recentWins, long outOfDomain, Optional<Instant> lastDecision) {
        long recent = Math.min(50, resolved);
        long olderWins = Math.max(0, (resolved - recent) / 2);
        OutcomeStats all = new OutcomeStats(resolved, recentWins + olderWins, resolved - recentWins - olderWins, 0, 0,
                0);
        OutcomeStats last = new OutcomeStats(recent, recentWins, recent - recentWins, 0, 0, 0);
        StreamStatistics stats = new StreamStatistics(BTC, "m", "3", 50, resolved, 0, 0, 0, all, last,
                ProbabilityStats.EMPTY, ProbabilityStats.EMPTY);
        return new PolicyInput(BTC, "m", "3", NOW, lastDecision.orElse(Instant.MIN), stats, outOfDomain, lastDecision,
                0);
    }

    private static PolicyInput failed(PolicyInput in, int failuresInARow) {
        return new PolicyInput(in.stream(), in.modelId(), in.modelVersion(), in.now(), in.countingSince(),
                in.statistics(), in.outOfDomainRun(), in.lastDecision(), failuresInARow);
    }

    private Optional<String> trigger(PolicyInput in) {
        return policy.check(in).map(Trigger::name);
    }

    @Test
    void nothingBeforeTwentyResolvedOutcomes() {
        assertThat(trigger(input(0, 0, 0, Optional.empty()))).isEmpty();
        assertThat(trigger(input(19, 0, 0, Optional.empty()))).as("19 losses").isEmpty();
        assertThat(trigger(input(20, 0, 0, Optional.empty()))).contains(Trigger.WIN_RATE);
    }

    @Test
    void aWinRateBelow45PercentOverTheLast50Triggers() {
        assertThat(trigger(input(20, 8, 0, Optional.empty()))).as("0.40").contains(Trigger.WIN_RATE);
        assertThat(trigger(input(20, 9, 0, Optional.empty()))).as("0.45 is not below 0.45").isEmpty();
        assertThat(policy.check(input(40, 16, 0, Optional.empty())).orElseThrow().reason())
                .isEqualTo("win rate 0.40 over the last 40 outcomes of v3 is below 0.45");
        // 80 outcomes: the win rate is over the last 50 only (22 of them won: 0.44), whatever came before
        assertThat(policy.check(input(80, 22, 0, Optional.empty())).orElseThrow().reason())
                .isEqualTo("win rate 0.44 over the last 50 outcomes of v3 is below 0.45");
        assertThat(trigger(input(80, 30, 0, Optional.empty()))).as("0.60 over the last 50").isEmpty();
    }

    @Test
    void aFirstRetrainAfter100OutcomesWhenThereWasNone() {
        assertThat(trigger(input(99, 30, 0, Optional.empty()))).isEmpty();
        assertThat(policy.check(input(100, 30, 0, Optional.empty()))).map(Trigger::reason)
                .contains("100 outcomes of v3 and no retraining yet (first after 100)");
        assertThat(trigger(input(100, 30, 0, Optional.of(NOW.minus(Duration.ofDays(2)))))).as("retrained before")
                .isEmpty();
    }

    @Test
    void thenEvery30DaysOnceThereAre50NewOutcomes() {
        Optional<Instant> daysAgo30 = Optional.of(NOW.minus(Duration.ofDays(30)));
        Optional<Instant> daysAgo29 = Optional.of(NOW.minus(Duration.ofDays(29)));
        assertThat(trigger(input(50, 30, 0, daysAgo30))).contains(Trigger.PERIODIC);
        assertThat(trigger(input(49, 30, 0, daysAgo30))).isEmpty();
        assertThat(trigger(input(50, 30, 0, daysAgo29))).isEmpty();
        assertThat(policy.check(input(60, 30, 0, daysAgo30)).orElseThrow().reason())
                .isEqualTo("30 days since the last retraining and 60 new outcomes (every 30 days with 50)");
    }

    @Test
    void aStreamOutOfItsModelsDomainFor24CandlesTriggersWithoutAnyOutcome() {
        assertThat(trigger(input(0, 0, 23, Optional.empty()))).isEmpty();
        assertThat(policy.check(input(0, 0, 24, Optional.empty())).orElseThrow())
                .isEqualTo(new Trigger(Trigger.OUT_OF_DOMAIN,
                        "the last 24 candles were outside v3's training domain (limit 24)"));
        SeedRetrainPolicy off = SeedRetrainPolicy.builder().outOfDomainCandles(0).build();
        assertThat(off.check(input(0, 0, 1000, Optional.empty()))).isEmpty();
    }

    @Test
    void nothingTriggersWithinADayOfTheLastDecision() {
        Optional<Instant> hoursAgo = Optional.of(NOW.minus(Duration.ofHours(23)));
        assertThat(trigger(input(30, 0, 100, hoursAgo))).isEmpty();
        assertThat(trigger(input(30, 0, 100, Optional.of(NOW.minus(Duration.ofDays(1))))))
                .contains(Trigger.OUT_OF_DOMAIN);
        SeedRetrainPolicy noSpacing = SeedRetrainPolicy.builder().minimumSpacing(Duration.ZERO).build();
        assertThat(noSpacing.check(input(30, 0, 0, hoursAgo)).map(Trigger::name)).contains(Trigger.WIN_RATE);
    }

    @Test
    void afterFailuresInARowTheSpacingDoublesUpToThePeriod() {
        PolicyInput threeDaysAfter = input(30, 0, 0, Optional.of(NOW.minus(Duration.ofDays(3))));
        assertThat(trigger(failed(threeDaysAfter, 1))).as("1 day after one failure").contains(Trigger.WIN_RATE);
        assertThat(trigger(failed(threeDaysAfter, 2))).as("2 days after two").contains(Trigger.WIN_RATE);
        assertThat(trigger(failed(threeDaysAfter, 3))).as("4 days after three").isEmpty();
        assertThat(policy.spacing(0)).isEqualTo(Duration.ofDays(1));
        assertThat(policy.spacing(4)).isEqualTo(Duration.ofDays(8));
        assertThat(policy.spacing(6)).isEqualTo(Duration.ofDays(30));
        assertThat(policy.spacing(60)).isEqualTo(Duration.ofDays(30));
    }

    /**
     * The seed's bug: its statistics were cumulative and never reset, so after a retraining at 100 outcomes with 40 %
     * won, outcome 101 (still 40 %) retrained again, and so on after every outcome. The counters the loop gives the
     * policy restart at every decision: after it, the same stream needs 20 new outcomes before anything fires.
     */
    @Test
    void afterADecisionTheCountersStartFromZeroSoNothingRetriggersOnTheNextOutcome() {
        Optional<Instant> justDecided = Optional.of(NOW.minus(Duration.ofDays(2)));
        // cumulative, as the seed kept them: 101 outcomes at 40 %, it triggers again at once
        assertThat(trigger(input(101, 20, 0, justDecided))).as("the seed's cumulative counters")
                .contains(Trigger.WIN_RATE);
        // per version since the decision: one new outcome, then nineteen, then twenty
        assertThat(trigger(input(1, 0, 0, justDecided))).isEmpty();
        assertThat(trigger(input(19, 7, 0, justDecided))).isEmpty();
        assertThat(trigger(input(20, 8, 0, justDecided))).contains(Trigger.WIN_RATE);
        // and the first-retrain rule does not fire again once a decision exists
        assertThat(trigger(input(150, 30, 0, justDecided))).isEmpty();
    }

    @Test
    void everyNumberIsConfigurableAndChecked() {
        SeedRetrainPolicy p = SeedRetrainPolicy.builder().minOutcomes(5).winRate(0.6, 10).firstRetrainOutcomes(8)
                .periodic(Duration.ofDays(7), 3).outOfDomainCandles(6).minimumSpacing(Duration.ofHours(1)).build();
        assertThat(p.outcomeWindow()).isEqualTo(10);
        assertThat(p.check(input(5, 5, 0, Optional.empty()))).isEmpty();
        assertThat(p.toString()).isEqualTo("SeedRetrainPolicy[min 5 outcomes, win rate < 0.6 over 10, first after 8, "
                + "every 7 days with 3, 6 candles out of domain, 1 h apart]");
        assertThat(RetrainPolicy.defaults().outcomeWindow()).isEqualTo(50);
        assertThatThrownBy(() -> SeedRetrainPolicy.builder().minOutcomes(0))
                .hasMessage("minOutcomes must be >= 1 but was 0");
        assertThatThrownBy(() -> SeedRetrainPolicy.builder().winRate(1.5, 10))
                .hasMessage("win rate threshold must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> SeedRetrainPolicy.builder().periodic(Duration.ZERO, 1))
                .hasMessageContaining("period must be > 0");
        assertThatThrownBy(() -> new Trigger("Win Rate", "x")).hasMessageContaining("lower-case token");
    }
}
