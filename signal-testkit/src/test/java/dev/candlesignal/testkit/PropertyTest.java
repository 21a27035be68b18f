package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropertyTest {

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty(Property.SEED_PROPERTY);
        System.clearProperty(Property.TRY_PROPERTY);
    }

    private static List<Integer> inputs(Property<Integer> property) {
        List<Integer> seen = new ArrayList<>();
        property.check(seen::add);
        return seen;
    }

    @Test
    void aFailureNamesThePropertyTheTryTheSeedAndTheInput() {
        Property<Integer> property = Property.forAll(Generators.integers(0, 100)).tries(50);
        assertThatThrownBy(() -> property.check(x -> assertThat(x).isLessThan(90)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("property PropertyTest#aFailureNamesThePropertyTheTryTheSeedAndTheInput failed")
                // the edge cases (0, then 100) run first, so the upper bound fails on try 2
                .hasMessageContaining("failed on try 2 of 50 (edge case) with seed ")
                .hasMessageContaining("rerun: -Dcandlesignal.seed=")
                .hasMessageContaining("-Dcandlesignal.try=2")
                .hasMessageContaining("input: 100\n")
                .hasMessageContaining("failure: java.lang.AssertionError")
                .cause().hasMessageContaining("100");
    }

    @Test
    void theReportedSeedReproducesTheFailingInput() {
        System.setProperty(Property.SEED_PROPERTY, "random");
        Generator<Integer> g = r -> r.nextInt(1_000_000);  // no edge cases: the seed decides where it fails
        Property.Check<Integer> failsOnOddNumbersAboveTen = x -> assertThat(x <= 10 || x % 2 == 0).isTrue();
        Throwable first = catchFailure(() -> Property.forAll(g).tries(200).check(failsOnOddNumbersAboveTen));
        Matcher m = Pattern.compile("with seed (-?\\d+)\\n.*-Dcandlesignal.try=(\\d+)\\)\\n  input: (\\d+)\\n",
                Pattern.DOTALL).matcher(first.getMessage());
        assertThat(m.find()).as(first.getMessage()).isTrue();

        System.setProperty(Property.SEED_PROPERTY, m.group(1));
        Throwable again = catchFailure(() -> Property.forAll(g).tries(200).check(failsOnOddNumbersAboveTen));
        assertThat(again.getMessage()).isEqualTo(first.getMessage());

        System.setProperty(Property.TRY_PROPERTY, m.group(2));
        List<Integer> only = inputs(Property.forAll(g).tries(200));
        assertThat(only).containsExactly(Integer.valueOf(m.group(3)));
    }

    private static Throwable catchFailure(Runnable run) {
        try {
            run.run();
        } catch (AssertionError e) {
            return e;
        }
        throw new AssertionError("the property did not fail");
    }

    @Test
    void runsAreDeterministicAndTheSeedDecides() {
        Generator<Integer> g = Generators.integers(Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(inputs(Property.forAll(g).tries(100))).hasSize(100)
                .isEqualTo(inputs(Property.forAll(g).tries(100)));
        assertThat(inputs(Property.forAll(g).tries(100).seed(1)))
                .isEqualTo(inputs(Property.forAll(g).tries(100).seed(1)))
                .isNotEqualTo(inputs(Property.forAll(g).tries(100).seed(2)));
        System.setProperty(Property.SEED_PROPERTY, "1");
        assertThat(inputs(Property.forAll(g).tries(100).seed(2)))
                .as("the system property wins over the property's own seed")
                .isEqualTo(inputs(Property.forAll(g).tries(100).seed(1)));
    }

    @Test
    void edgeCasesComeFirstButTakeAtMostHalfTheTries() {
        Generator<Integer> g = Generators.integers(-5, 5);
        assertThat(inputs(Property.forAll(g).tries(6)).subList(0, 3)).containsExactly(-5, 5, 0);
        assertThat(inputs(Property.forAll(g).tries(100)).subList(0, 6)).containsExactly(-5, 5, 0, 1, -1, -4);
        assertThat(inputs(Property.forAll(Generators.constant(7)).tries(1))).containsExactly(7);
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> Property.forAll(Generators.booleans()).tries(0))
                .hasMessage("tries must be >= 1 but was 0");
        System.setProperty(Property.SEED_PROPERTY, "abc");
        assertThatThrownBy(() -> Property.forAll(Generators.booleans()).check(b -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dcandlesignal.seed must be a long or 'random' but was 'abc'");
        System.clearProperty(Property.SEED_PROPERTY);
        System.setProperty(Property.TRY_PROPERTY, "11");
        assertThatThrownBy(() -> Property.forAll(Generators.booleans()).tries(10).check(b -> { }))
                .hasMessage("-Dcandlesignal.try must be in [1, 10] but was 11");
    }

    @Test
    void longInputsAreShortenedInTheMessage() {
        Generator<List<Integer>> big = Generators.integers(0, 9).list(30_000, 30_000);
        assertThatThrownBy(() -> Property.forAll(big).tries(1).check(l -> assertThat(l).isEmpty()))
                .hasMessageContaining("input: (30000 elements) [")
                .hasMessageContaining("more characters; the seed reproduces the whole input");
    }
}
