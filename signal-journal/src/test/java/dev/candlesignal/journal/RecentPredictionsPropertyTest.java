package dev.candlesignal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RecentPredictions shares one append-only log between the instances derived from one another; these properties
 * check that sharing never shows: every instance always holds exactly the last {@code capacity} items of its own
 * history, whatever order instances are derived in (forks from old instances included), and never changes after it
 * was made.
 */
class RecentPredictionsPropertyTest {

    /** One instance and the items it must hold (the model: a plain list of the last capacity items). */
    private record Version(RecentPredictions actual, List<double[]> expected, byte[] bytesWhenMade) {}

    @Test
    void everyInstanceHoldsTheLastNOfItsOwnHistoryEvenAfterForks() {
        Property.forAll(Generators.longs()).tries(300).check(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            int capacity = 1 + random.nextInt(12);
            List<Version> versions = new ArrayList<>();
            versions.add(new Version(RecentPredictions.empty(capacity), List.of(), new byte[0]));
            for (int step = 0; step < 200; step++) {
                // mostly extend the newest (the tracker's pattern), sometimes fork an older instance
                Version from = random.nextInt(5) == 0 ? versions.get(random.nextInt(versions.size()))
                        : versions.get(versions.size() - 1);
                double p = random.nextDouble();
                boolean up = random.nextBoolean();
                boolean previousUp = random.nextBoolean();
                RecentPredictions next = from.actual().with(p, up, previousUp);
                List<double[]> expected = new ArrayList<>(from.expected());
                expected.add(new double[] {p, up ? 1 : 0, previousUp ? 1 : 0});
                if (expected.size() > capacity) {
                    expected.remove(0);
                }
                versions.add(new Version(next, List.copyOf(expected), next.toBytes()));
            }
            for (Version v : versions) {
                assertThat(v.actual().size()).isEqualTo(v.expected().size());
                for (int i = 0; i < v.expected().size(); i++) {
                    double[] item = v.expected().get(i);
                    assertThat(v.actual().probability(i)).isEqualTo(item[0]);
                    assertThat(v.actual().up(i)).isEqualTo(item[1] == 1);
                    assertThat(v.actual().previousUp(i)).isEqualTo(item[2] == 1);
                }
                assertThat(v.actual().toBytes()).as("unchanged since it was made").isEqualTo(v.bytesWhenMade());
                RecentPredictions decoded = RecentPredictions.fromBytes(capacity, v.bytesWhenMade());
                assertThat(decoded).isEqualTo(v.actual()).hasSameHashCodeAs(v.actual());
            }
        });
    }
}
