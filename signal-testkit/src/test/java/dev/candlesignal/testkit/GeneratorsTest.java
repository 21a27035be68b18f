package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
    private static final int DRAWS = 20_000;

    private static <T> List<T> draw(Generator<T> g) {
        SplittableRandom r = new SplittableRandom(1);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < DRAWS; i++) {
            out.add(g.next(r));
        }
        return out;
    }

    private static <T> List<T> edges(Generator<T> g) {
        SplittableRandom r = new SplittableRandom(2);
        return g.edgeCases().stream().map(e -> e.next(r)).toList();
    }

    @Test
    void integersAndLongsStayInRangeAndHitTheirBounds() {
        assertThat(draw(Generators.integers(-3, 7))).allMatch(v -> v >= -3 && v <= 7).contains(-3, 7, 0);
        assertThat(edges(Generators.integers(-3, 7))).containsExactly(-3, 7, 0, 1, -1, -2, 6);
        assertThat(edges(Generators.integers(2, 8))).containsExactly(2, 8, 3, 7);
        assertThat(draw(Generators.longs(10, 20))).allMatch(v -> v >= 10 && v <= 20);
        List<Long> any = draw(Generators.longs());
        assertThat(any).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L);
        assertThat(any).as("small magnitudes are common").filteredOn(v -> Math.abs(v) < 1000).hasSizeGreaterThan(100);
        assertThat(any).as("huge ones too").filteredOn(v -> Math.abs(v) > 1e17).hasSizeGreaterThan(100);
        assertThat(draw(Generators.longs(Long.MIN_VALUE + 1, Long.MAX_VALUE - 1)))
                .allMatch(v -> v != Long.MIN_VALUE && v != Long.MAX_VALUE);
        assertThatThrownBy(() -> Generators.longs(2, 1)).hasMessage("min 2 is above max 1");
    }

    @Test
    void doublesCoverBoundsRoundValuesFullPrecisionAndSmallMagnitudes() {
        List<Double> values = draw(Generators.doubles(-1e6, 1e6));
        assertThat(values).allMatch(v -> v >= -1e6 && v <= 1e6).contains(-1e6, 1e6, 0.0, 1.0, -1.0, 0.01, -0.01);
        assertThat(values).as("two-decimal values").filteredOn(v -> scale(v) <= 2 && v != Math.rint(v))
                .hasSizeGreaterThan(DRAWS / 5);
        assertThat(values).as("full precision").filteredOn(v -> scale(v) > 6).hasSizeGreaterThan(DRAWS / 5);
        assertThat(values).as("small magnitudes").filteredOn(v -> v != 0 && Math.abs(v) < 1e-3)
                .hasSizeGreaterThan(DRAWS / 20);
        assertThat(draw(Generators.doubles(0, 1))).as("round thresholds come up").contains(0.45, 0.5, 0.55);
        assertThat(draw(Generators.doubles(2, 3))).allMatch(v -> v >= 2 && v <= 3);
        assertThat(edges(Generators.doubles(0, 0.03))).containsExactly(0.0, 0.03, 0.01);
        assertThatThrownBy(() -> Generators.doubles(1, Double.NaN)).hasMessageContaining("finite min <= max");
    }

    @Test
    void decimalsHaveAtMostTheirScale() {
        List<Double> values = draw(Generators.decimals(-0.08, 0.08, 2));
        assertThat(values).allMatch(v -> v >= -0.08 && v <= 0.08 && scale(v) <= 2);
        assertThat(new HashSet<>(values)).as("all 17 values").hasSize(17);
    }

    private static int scale(double v) {
        return Math.max(0, new BigDecimal(Double.toString(v)).stripTrailingZeros().scale());
    }

    @Test
    void listsHaveTheirSizesAndEdgeCasesAtBothEnds() {
        Generator<List<Integer>> lists = Generators.integers(0, 9).list(1, 260);
        List<List<Integer>> drawn = draw(lists);
        assertThat(drawn).allMatch(l -> l.size() >= 1 && l.size() <= 260);
        assertThat(drawn).as("short lists are common").filteredOn(l -> l.size() <= 5).hasSizeGreaterThan(DRAWS / 20);
        assertThat(drawn).extracting(List::size).contains(1, 260);
        assertThat(edges(lists)).extracting(List::size).startsWith(1, 260);
        assertThat(edges(lists)).as("single-element lists of each element edge case")
                .contains(List.of(0), List.of(9), List.of(1), List.of(8));
        assertThat(edges(Generators.integers(0, 9).list(0, 3))).first().isEqualTo(List.of());
    }

    @Test
    void combineTriesEveryEdgeCaseOfEveryPart() {
        record Pair(int a, String b) {
        }
        Generator<Pair> pairs = Generators.combine(Generators.integers(1, 5), Generators.of("x", "y"), Pair::new);
        List<Pair> e = edges(pairs);
        assertThat(e).extracting(Pair::a).containsExactly(1, 5, 2, 4);
        assertThat(e).extracting(Pair::b).containsExactly("x", "y", "x", "y");
    }

    @Test
    void filterKeepsOnlyPassingValuesAndFailsLoudlyWhenNothingPasses() {
        assertThat(draw(Generators.integers(0, 100).filter(v -> v % 2 == 0))).allMatch(v -> v % 2 == 0);
        Generator<Integer> never = Generators.integers(0, 1).filter(v -> v > 5);
        assertThatThrownBy(() -> never.next(new SplittableRandom(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the filter rejected 10000 values in a row");
    }

    @Test
    void stringsAndMaps() {
        List<String> strings = draw(Generators.strings(0, 12));
        assertThat(strings).allMatch(s -> s.length() <= 12).contains("").anyMatch(s -> s.contains("\""))
                .anyMatch(s -> s.contains("\\")).anyMatch(s -> s.chars().anyMatch(c -> c < 0x20))
                .anyMatch(s -> s.codePoints().anyMatch(Character::isSupplementaryCodePoint));
        assertThat(draw(Generators.alphaStrings(1, 6))).allMatch(s -> s.matches("[A-Za-z]{1,6}"));
        List<Map<String, Integer>> maps = draw(Generators.maps(Generators.alphaStrings(1, 2),
                Generators.integers(0, 1), 0, 6));
        assertThat(maps).allMatch(m -> m.size() <= 6).anyMatch(Map::isEmpty).anyMatch(m -> m.size() == 6);
    }

    @Test
    void frequencyAndOneOfDrawFromEveryChoice() {
        List<Integer> drawn = draw(Generators.frequency(Generators.weighted(8, Generators.constant(0)),
                Generators.weighted(1, Generators.integers(1, 6))));
        assertThat(drawn.stream().filter(v -> v == 0).count()).isBetween(DRAWS * 8L / 9 - 500, DRAWS * 8L / 9 + 500);
        assertThat(drawn).contains(1, 2, 3, 4, 5, 6);
        assertThat(draw(Generators.oneOf(Generators.constant("a"), Generators.constant("b")))).contains("a", "b");
        assertThatThrownBy(() -> Generators.weighted(0, Generators.constant(1)))
                .hasMessage("weight must be > 0 but was 0");
    }
}
