package dev.candlesignal.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Factories of {@link Generator}s for {@link Property} tests: numbers in a range, choices, strings, maps and
 * combinations. Each primitive generator has edge cases (its bounds, zero, one and minus one when in range, ...)
 * that a property tries first, and also returns one of them on about one draw in 16, so that they also turn up
 * inside lists and combinations. {@link #doubles} draws two-decimal values (the default scale of the property
 * engine this project used before) and, beyond them, full-precision values and small magnitudes; {@link #decimals}
 * draws values of a given number of decimals only.
 */
public final class Generators {
    /** One draw in this many returns an edge case of a primitive generator. */
    private static final int EDGE_ONE_IN = 16;
    /** Decades below the largest magnitude of a range that the logarithmic third of the draws reaches down to. */
    private static final int DECADES = 12;

    private Generators() {
    }

    /** Always {@code value}, which is also its only edge case. */
    public static <T> Generator<T> constant(T value) {
        Generator<T> always = r -> value;
        return withEdges(always, List.of(always));
    }

    /** Integers in {@code [min, max]}; edge cases: min, max, 0, 1, -1, min + 1, max - 1 (those in range). */
    public static Generator<Integer> integers(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /** Any long; half the draws pick a uniform bit length, so small magnitudes are as common as huge ones. */
    public static Generator<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Longs in {@code [min, max]}; edge cases: min, max, 0, 1, -1, min + 1, max - 1 (those in range). */
    public static Generator<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
        LinkedHashSet<Long> edges = new LinkedHashSet<>(List.of(min, max));
        for (long v : new long[] {0, 1, -1}) {
            if (v >= min && v <= max) {
                edges.add(v);
            }
        }
        if (min < max) {
            edges.add(min + 1);
            edges.add(max - 1);
        }
        Generator<Long> random = r -> {
            if (r.nextBoolean()) {
                return uniform(min, max, r);
            }
            // a uniform bit length: magnitudes 1, 10, 1e9 and 1e18 are all likely
            long magnitude = r.nextLong() >>> (1 + r.nextInt(63));
            long v = r.nextBoolean() ? magnitude : -magnitude;
            return v >= min && v <= max ? v : uniform(min, max, r);
        };
        return primitive(random, List.copyOf(edges));
    }

    private static long uniform(long min, long max, SplittableRandom r) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return r.nextLong();
        }
        long span = max - min + 1;  // may overflow to <= 0 when the range is wider than Long.MAX_VALUE
        if (span > 0) {
            return min + r.nextLong(span);
        }
        long v;
        do {
            v = r.nextLong();
        } while (v < min || v > max);
        return v;
    }

    /**
     * Doubles in {@code [min, max]} (finite bounds). A third of the draws are two-decimal values, as the property
     * engine this project used before drew them (so round values such as 0, 0.5 or a threshold like 0.55 come up
     * often); a third are uniform at full precision; a third have a magnitude spread evenly over the twelve decades
     * below the range's largest magnitude, so small values are common even in {@code [-1e6, 1e6]}. Edge cases: min,
     * max, 0, 1, -1, 0.01, -0.01 (those in range).
     */
    public static Generator<Double> doubles(double min, double max) {
        checkRange(min, max);
        Generator<Double> grid = decimals(min, max, 2);
        double top = Math.max(Math.abs(min), Math.abs(max));
        Generator<Double> random = r -> {
            int kind = r.nextInt(3);
            if (kind == 0) {
                return grid.next(r);
            }
            if (kind == 1 || top == 0) {
                return uniform(min, max, r);
            }
            double magnitude = top * Math.pow(10, -DECADES * r.nextDouble());
            double v = r.nextBoolean() ? magnitude : -magnitude;
            if (v < min || v > max) {
                v = -v;
            }
            return v >= min && v <= max ? v : uniform(min, max, r);
        };
        return primitive(random, edges(min, max, 0.01));
    }

    /**
     * Doubles in {@code [min, max]} with at most {@code scale} decimals (the nearest double to a multiple of
     * 10^-scale), uniform over those values. Edge cases:
     * min, max, 0, 1, -1, 10^-scale, -10^-scale (those in range).
     */
    public static Generator<Double> decimals(double min, double max, int scale) {
        checkRange(min, max);
        if (scale < 0 || scale > 15) {
            throw new IllegalArgumentException("scale must be in [0, 15] but was " + scale);
        }
        double unit = Math.pow(10, scale);
        double lowSteps = Math.ceil(min * unit);
        double highSteps = Math.floor(max * unit);
        boolean grid = lowSteps <= highSteps && Math.abs(lowSteps) < 1e17 && Math.abs(highSteps) < 1e17;
        Generator<Double> random = r -> grid
                ? clamp(uniform((long) lowSteps, (long) highSteps, r) / unit, min, max)
                : uniform(min, max, r);
        return primitive(random, edges(min, max, 1 / unit));
    }

    private static void checkRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("doubles need finite min <= max but got [" + min + ", " + max + "]");
        }
    }

    private static List<Double> edges(double min, double max, double smallest) {
        LinkedHashSet<Double> edges = new LinkedHashSet<>(List.of(min, max));
        for (double v : new double[] {0.0, 1.0, -1.0, smallest, -smallest}) {
            if (v >= min && v <= max) {
                edges.add(v);
            }
        }
        return List.copyOf(edges);
    }

    private static double uniform(double min, double max, SplittableRandom r) {
        return clamp(min + (max - min) * r.nextDouble(), min, max);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    /** One of {@code values}, uniformly; every value is also an edge case. */
    @SafeVarargs
    public static <T> Generator<T> of(T... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("of() needs at least one value");
        }
        List<T> copy = new ArrayList<>(values.length);
        for (T value : values) {
            copy.add(value);
        }
        List<T> list = List.copyOf(copy);
        return primitive(r -> list.get(r.nextInt(list.size())), list);
    }

    /** true or false. */
    public static Generator<Boolean> booleans() {
        return of(true, false);
    }

    /** One of the generators, chosen uniformly; the edge cases are all of theirs. */
    @SafeVarargs
    public static <T> Generator<T> oneOf(Generator<? extends T>... generators) {
        List<Weighted<T>> weighted = new ArrayList<>();
        for (Generator<? extends T> g : generators) {
            weighted.add(weighted(1, g));
        }
        return frequency(weighted);
    }

    /** A generator with a weight, for {@link #frequency}. */
    public record Weighted<T>(int weight, Generator<? extends T> generator) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight must be > 0 but was " + weight);
            }
            Objects.requireNonNull(generator, "generator");
        }
    }

    /** {@code generator} with {@code weight}, for {@link #frequency}. */
    public static <T> Weighted<T> weighted(int weight, Generator<? extends T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** One of the generators, chosen in proportion to the weights; the edge cases are all of theirs. */
    @SafeVarargs
    public static <T> Generator<T> frequency(Weighted<T>... choices) {
        List<Weighted<T>> list = new ArrayList<>(choices.length);
        for (Weighted<T> choice : choices) {
            list.add(choice);
        }
        return frequency(list);
    }

    private static <T> Generator<T> frequency(List<Weighted<T>> choices) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("frequency() needs at least one choice");
        }
        int total = choices.stream().mapToInt(Weighted::weight).sum();
        List<Generator<T>> edges = new ArrayList<>();
        for (Weighted<T> choice : choices) {
            for (Generator<? extends T> edge : choice.generator().edgeCases()) {
                edges.add(edge::next);
            }
        }
        return withEdges(r -> {
            int pick = r.nextInt(total);
            for (Weighted<T> choice : choices) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().next(r);
                }
            }
            throw new AssertionError("unreachable");
        }, edges);
    }

    /**
     * Strings of {@code minLength..maxLength} characters of any kind: printable ASCII (quotes and backslashes
     * included), control characters, any character of the Basic Multilingual Plane and surrogate pairs.
     * Edge cases: the shortest string of spaces, and single awkward characters when the length allows.
     */
    public static Generator<String> strings(int minLength, int maxLength) {
        Generator<String> random = r -> {
            int length = size(minLength, maxLength, r);
            StringBuilder sb = new StringBuilder(length);
            while (sb.length() < length) {
                switch (r.nextInt(8)) {
                    case 0 -> sb.append((char) r.nextInt(0x20));  // control characters
                    case 1 -> sb.append("\"\\/\u007f\u2028\u2029\ufeff\u00e9".charAt(r.nextInt(8)));
                    case 2 -> {
                        if (sb.length() + 2 <= length) {
                            sb.appendCodePoint(0x10000 + r.nextInt(0x100000));  // a surrogate pair
                        }
                    }
                    case 3, 4 -> {
                        int c = r.nextInt(0x10000 - 0x800);  // any BMP character but a lone surrogate
                        sb.append((char) (c < 0xD800 ? c : c + 0x800));
                    }
                    default -> sb.append((char) (0x20 + r.nextInt(0x5f)));  // printable ASCII
                }
            }
            return sb.toString();
        };
        LinkedHashSet<String> edges = new LinkedHashSet<>();
        edges.add(" ".repeat(minLength));
        if (minLength <= 1 && maxLength >= 1) {
            edges.addAll(List.of("\"", "\\", "\u0000", "\n", "\u2028", "\ud83d\ude00".substring(0, 1)));
        }
        if (minLength <= 2 && maxLength >= 2) {
            edges.add("\ud83d\ude00");
        }
        return primitive(random, List.copyOf(edges));
    }

    /** Strings of {@code minLength..maxLength} ASCII letters. */
    public static Generator<String> alphaStrings(int minLength, int maxLength) {
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        Generator<String> random = r -> {
            int length = size(minLength, maxLength, r);
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(letters.charAt(r.nextInt(letters.length())));
            }
            return sb.toString();
        };
        List<String> edges = List.of("a".repeat(minLength), "Z".repeat(maxLength));
        return primitive(random, List.copyOf(new LinkedHashSet<>(edges)));
    }

    /**
     * Maps (in insertion order) of {@code minSize..maxSize} entries with distinct keys. Edge cases: the smallest
     * and the largest map.
     */
    public static <K, V> Generator<Map<K, V>> maps(Generator<K> keys, Generator<V> values, int minSize,
            int maxSize) {
        Generator<K> k = Objects.requireNonNull(keys, "keys");
        Generator<V> v = Objects.requireNonNull(values, "values");
        Function<Integer, Generator<Map<K, V>>> ofSize = size -> r -> {
            Map<K, V> map = new LinkedHashMap<>();
            for (int attempts = 0; map.size() < size; attempts++) {
                if (attempts > 100 * (size + 1)) {
                    throw new IllegalStateException("cannot draw " + size + " distinct keys");
                }
                map.putIfAbsent(k.next(r), v.next(r));
            }
            return map;
        };
        List<Generator<Map<K, V>>> edges = new ArrayList<>(List.of(ofSize.apply(minSize)));
        if (maxSize != minSize) {
            edges.add(ofSize.apply(maxSize));
        }
        return withEdges(r -> ofSize.apply(size(minSize, maxSize, r)).next(r), edges);
    }

    /**
     * Two values combined by {@code f}. Edge case {@code j} combines edge case {@code j} of each part (cycling
     * through a part's edge cases when it has fewer, a random value when it has none), so every edge case of every
     * part is tried at least once.
     */
    public static <A, B, R> Generator<R> combine(Generator<A> a, Generator<B> b,
            BiFunction<? super A, ? super B, ? extends R> f) {
        return combined(List.of(a, b), v -> f.apply(cast(v[0]), cast(v[1])));
    }

    /** Three values combined by {@code f}; edge cases as for {@link #combine(Generator, Generator, BiFunction)}. */
    public static <A, B, C, R> Generator<R> combine(Generator<A> a, Generator<B> b, Generator<C> c,
            Function3<? super A, ? super B, ? super C, ? extends R> f) {
        return combined(List.of(a, b, c), v -> f.apply(cast(v[0]), cast(v[1]), cast(v[2])));
    }

    /** Four values combined by {@code f}; edge cases as for {@link #combine(Generator, Generator, BiFunction)}. */
    public static <A, B, C, D, R> Generator<R> combine(Generator<A> a, Generator<B> b, Generator<C> c,
            Generator<D> d, Function4<? super A, ? super B, ? super C, ? super D, ? extends R> f) {
        return combined(List.of(a, b, c, d), v -> f.apply(cast(v[0]), cast(v[1]), cast(v[2]), cast(v[3])));
    }

    /** A function of three arguments, for {@link #combine(Generator, Generator, Generator, Function3)}. */
    @FunctionalInterface
    public interface Function3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    /** A function of four arguments, for {@link #combine(Generator, Generator, Generator, Generator, Function4)}. */
    @FunctionalInterface
    public interface Function4<A, B, C, D, R> {
        R apply(A a, B b, C c, D d);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static <R> Generator<R> combined(List<Generator<?>> parts, Function<Object[], R> f) {
        int edgeCount = parts.stream().mapToInt(p -> p.edgeCases().size()).max().orElse(0);
        List<Generator<R>> edges = new ArrayList<>();
        for (int j = 0; j < edgeCount; j++) {
            int index = j;
            edges.add(r -> {
                Object[] values = new Object[parts.size()];
                for (int i = 0; i < values.length; i++) {
                    List<? extends Generator<?>> partEdges = parts.get(i).edgeCases();
                    values[i] = partEdges.isEmpty() ? parts.get(i).next(r)
                            : partEdges.get(index % partEdges.size()).next(r);
                }
                return f.apply(values);
            });
        }
        return withEdges(r -> {
            Object[] values = new Object[parts.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = parts.get(i).next(r);
            }
            return f.apply(values);
        }, edges);
    }

    /** {@code random} with the given edge cases (which it does not mix into its own draws). */
    static <T> Generator<T> withEdges(Generator<T> random, List<Generator<T>> edges) {
        return new Generator<>() {
            @Override
            public T next(SplittableRandom r) {
                return random.next(r);
            }

            @Override
            public List<Generator<T>> edgeCases() {
                return edges;
            }
        };
    }

    /** A primitive generator: constant edge cases that are also drawn on one draw in {@link #EDGE_ONE_IN}. */
    private static <T> Generator<T> primitive(Generator<T> random, List<T> edgeValues) {
        List<Generator<T>> edges = new ArrayList<>();
        for (T value : edgeValues) {
            edges.add(r -> value);
        }
        return withEdges(r -> r.nextInt(EDGE_ONE_IN) == 0 ? edgeValues.get(r.nextInt(edgeValues.size()))
                : random.next(r), List.copyOf(edges));
    }

    /** A size in {@code [min, max]}: half the draws uniform, half leaning to the small end. */
    static int size(int min, int max, SplittableRandom r) {
        double u = r.nextDouble();
        if (r.nextBoolean()) {
            u = u * u * u;
        }
        return min + (int) Math.min(max - min, Math.floor(u * (max - min + 1)));
    }

    static <T> List<T> fill(Generator<T> element, int size, SplittableRandom r) {
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.next(r));
        }
        return list;
    }
}
