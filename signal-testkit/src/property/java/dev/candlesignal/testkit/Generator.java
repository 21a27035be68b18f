package dev.candlesignal.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A seeded source of test inputs for a {@link Property}: {@link #next} draws one value from the
 * {@link SplittableRandom} it is given and from nothing else, so a seed always gives the same value. A generator
 * also names its {@linkplain #edgeCases() edge cases} (bounds, zero, the smallest and largest list), which a
 * property runs before its random tries; the primitive generators of {@link Generators} also return one of their
 * edge values on about one draw in 16, so bounds turn up inside lists and combinations too.
 *
 * <p>Immutable and stateless; thread-safe when the functions given to it are.
 *
 * @param <T> the type of the generated values
 */
@FunctionalInterface
public interface Generator<T> {

    /** Draws a value; the same random state gives the same value. */
    T next(SplittableRandom random);

    /**
     * The edge cases a property tries first, each a generator of its own (most are constants; an edge case such
     * as "a list of the largest size" still draws its elements). Empty by default.
     */
    default List<Generator<T>> edgeCases() {
        return List.of();
    }

    /** The same generator with the values {@code extra} appended to its edge cases. */
    default Generator<T> withEdgeCases(List<? extends T> extra) {
        List<Generator<T>> constants = new ArrayList<>();
        for (T value : extra) {
            constants.add(Generators.constant(value));
        }
        return withEdgeCaseGenerators(constants);
    }

    /** The same generator with {@code extra} (edge cases that draw random parts) appended to its edge cases. */
    default Generator<T> withEdgeCaseGenerators(List<Generator<T>> extra) {
        List<Generator<T>> all = new ArrayList<>(edgeCases());
        all.addAll(extra);
        return Generators.withEdges(this, all);
    }

    /** Values mapped by {@code f}; the edge cases are mapped too. */
    default <R> Generator<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        Generator<T> self = this;
        List<Generator<R>> edges = new ArrayList<>();
        for (Generator<T> edge : edgeCases()) {
            edges.add(r -> f.apply(edge.next(r)));
        }
        return Generators.withEdges(r -> f.apply(self.next(r)), edges);
    }

    /**
     * A generator that depends on a drawn value (a slice of a table of drawn size). Each edge case of this one
     * yields an edge case: the inner generator built from it, drawing one of its own edge cases when it has some.
     */
    default <R> Generator<R> flatMap(Function<? super T, Generator<R>> f) {
        Objects.requireNonNull(f, "f");
        Generator<T> self = this;
        List<Generator<R>> edges = new ArrayList<>();
        for (Generator<T> edge : edgeCases()) {
            edges.add(r -> {
                Generator<R> inner = f.apply(edge.next(r));
                List<Generator<R>> innerEdges = inner.edgeCases();
                return innerEdges.isEmpty() ? inner.next(r) : innerEdges.get(r.nextInt(innerEdges.size())).next(r);
            });
        }
        return Generators.withEdges(r -> f.apply(self.next(r)).next(r), edges);
    }

    /**
     * Only values that pass {@code predicate}: draws again until one does (at most 10,000 draws, then fails, so a
     * predicate that almost never holds is a test bug, not a hang). An edge case whose value fails is replaced by
     * a random value that passes.
     */
    default Generator<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        Generator<T> self = this;
        Generator<T> filtered = r -> {
            for (int i = 0; i < 10_000; i++) {
                T value = self.next(r);
                if (predicate.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter rejected 10000 values in a row: make the generator "
                    + "produce valid values instead of filtering them");
        };
        List<Generator<T>> edges = new ArrayList<>();
        for (Generator<T> edge : edgeCases()) {
            edges.add(r -> {
                for (int i = 0; i < 100; i++) {
                    T value = edge.next(r);
                    if (predicate.test(value)) {
                        return value;
                    }
                }
                return filtered.next(r);
            });
        }
        return Generators.withEdges(filtered, edges);
    }

    /**
     * Lists of {@code minSize..maxSize} elements. Half the draws pick the size uniformly, half lean towards the
     * small end, so short lists are common even when {@code maxSize} is large. Edge cases: the
     * empty list (when allowed), a list of the smallest and of the largest size, and, when single-element lists
     * are allowed, one per edge case of the element.
     */
    default Generator<List<T>> list(int minSize, int maxSize) {
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("list size range must satisfy 0 <= min <= max but was [" + minSize + ", "
                    + maxSize + "]");
        }
        Generator<T> element = this;
        List<Generator<List<T>>> edges = new ArrayList<>();
        edges.add(r -> Generators.fill(element, minSize, r));
        if (maxSize != minSize) {
            edges.add(r -> Generators.fill(element, maxSize, r));
        }
        if (minSize <= 1 && maxSize >= 1) {
            for (Generator<T> edge : element.edgeCases()) {
                edges.add(r -> Generators.fill(edge, 1, r));
            }
        }
        return Generators.withEdges(r -> Generators.fill(element, Generators.size(minSize, maxSize, r), r), edges);
    }
}
