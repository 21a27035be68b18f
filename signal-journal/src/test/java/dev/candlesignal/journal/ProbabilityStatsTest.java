package dev.candlesignal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbabilityStatsTest {

    @Test
    void scoresAgainstTheNextCandlesDirection() {
        ProbabilityStats s = ProbabilityStats.EMPTY.plus(0.8, true, false).plus(0.3, true, true).plus(0.5, false, false);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.hitRate()).as("0.8 up: hit; 0.3 says down: miss; 0.5 says not up: hit").isEqualTo(2.0 / 3);
        assertThat(s.brier()).isCloseTo((0.04 + 0.49 + 0.25) / 3, within(1e-12));
        assertThat(s.logLoss()).isCloseTo(-(Math.log(0.8) + Math.log(0.3) + Math.log(0.5)) / 3, within(1e-12));
        assertThat(s.alwaysUpHitRate()).isEqualTo(2.0 / 3);
        assertThat(s.baseRateBrier()).isCloseTo(2.0 / 9, within(1e-12));
        assertThat(s.previousDirectionHitRate()).as("false->true miss, true->true hit, false->false hit")
                .isEqualTo(2.0 / 3);
        assertThat(ProbabilityStats.EMPTY.hitRate()).isNaN();
        assertThat(ProbabilityStats.EMPTY.baseRateLogLoss()).isNaN();
    }

    @Test
    void certainProbabilitiesAreClippedForTheLogLoss() {
        ProbabilityStats wrong = ProbabilityStats.EMPTY.plus(1.0, false, false);
        assertThat(wrong.logLoss()).isCloseTo(-Math.log(ProbabilityStats.EPSILON), within(1e-6)).isFinite();
        assertThat(ProbabilityStats.EMPTY.plus(0.0, false, false).logLoss()).isCloseTo(0, within(1e-6));
    }

    @Test
    void recentPredictionsKeepTheLastNInOrder() {
        RecentPredictions r = RecentPredictions.empty(3);
        ProbabilityStats all = ProbabilityStats.EMPTY;
        SplittableRandom random = new SplittableRandom(42);
        double[] p = new double[10];
        boolean[] up = new boolean[10];
        for (int i = 0; i < 10; i++) {
            p[i] = random.nextDouble();
            up[i] = random.nextBoolean();
            r = r.with(p[i], up[i], i % 2 == 0);
            all = all.plus(p[i], up[i], i % 2 == 0);
        }
        assertThat(r.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(r.probability(i)).isEqualTo(p[7 + i]);
            assertThat(r.up(i)).isEqualTo(up[7 + i]);
            assertThat(r.previousUp(i)).isEqualTo((7 + i) % 2 == 0);
        }
        ProbabilityStats last3 = ProbabilityStats.EMPTY;
        for (int i = 7; i < 10; i++) {
            last3 = last3.plus(p[i], up[i], i % 2 == 0);
        }
        assertThat(r.stats(3)).isEqualTo(last3);
        assertThat(r.stats(100)).as("fewer kept than asked: all kept").isEqualTo(last3);
        assertThat(RecentPredictions.fromBytes(3, r.toBytes())).isEqualTo(r);
        assertThat(all.count()).isEqualTo(10);
    }

    @Test
    void damagedBytesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> RecentPredictions.fromBytes(3, new byte[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 bytes");
        byte[] tooMany = RecentPredictions.empty(5).with(0.1, true, true).with(0.2, true, true).toBytes();
        assertThatThrownBy(() -> RecentPredictions.fromBytes(1, tooMany)).hasMessageContaining("at most 1");
        byte[] bad = RecentPredictions.empty(1).with(0.5, true, true).toBytes();
        bad[0] = 0x7f; // a probability of about 1.4e306
        assertThatThrownBy(() -> RecentPredictions.fromBytes(1, bad)).hasMessageContaining("probability");
        assertThatThrownBy(() -> new ProbabilityStats(2, 3, 0, 0, 0, 0)).hasMessageContaining("inconsistent counts");
    }
}
