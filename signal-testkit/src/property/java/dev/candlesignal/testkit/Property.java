package dev.candlesignal.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A property test in plain JUnit 5: a check that must hold for every input a {@link Generator} draws, run for a
 * number of tries from a seed, without shrinking. Call it from a {@code @Test} method:
 *
 * <pre>{@code
 * @Test
 * void scaleThenUnscaleRoundTrips() {
 *     Property.forAll(Generators.doubles(-1e6, 1e6)).tries(200).check(x -> assertThat(roundTrip(x)).isEqualTo(x));
 * }
 * }</pre>
 *
 * <p>The first tries (up to half of them) are the generator's {@linkplain Generator#edgeCases() edge cases}, the
 * rest random draws. Try {@code n} draws from its own {@link SplittableRandom}, derived from the property's seed and
 * {@code n}, so every try is reproducible alone.
 *
 * <p><b>Seeds.</b> By default a property's seed is fixed, derived from its class and method names, so every run
 * (and CI) draws the same inputs. System properties change that for a run:
 * <ul>
 *   <li>{@code -Dcandlesignal.seed=N}: every property runs from seed {@code N} (the seed a failure reports, so
 *       pasting it reruns exactly the failing inputs; combine it with {@code -Dtest=Class#method});</li>
 *   <li>{@code -Dcandlesignal.seed=random}: a fresh random seed per property, printed on stderr and in any
 *       failure;</li>
 *   <li>{@code -Dcandlesignal.try=T}: run only try {@code T} (with the seed above), to debug one failing input.</li>
 * </ul>
 * A property may also fix its own seed with {@link #seed(long)}; {@code -Dcandlesignal.seed} still overrides it.
 *
 * <p>On the first failing try it throws an {@link AssertionError} whose message names the property, the try, the
 * seed, the command-line flags that rerun it and the generated input, with the original failure as the cause.
 * There are no assumptions: generate valid inputs instead of discarding invalid ones.
 *
 * <p>Not thread-safe; build and run one per test.
 *
 * @param <T> the type of the generated input
 */
public final class Property<T> {
    /** The system property that sets the seed of every property: a long, or {@code random}. */
    public static final String SEED_PROPERTY = "candlesignal.seed";
    /** The system property that runs only one try (1-based) of every property. */
    public static final String TRY_PROPERTY = "candlesignal.try";
    /** Tries when {@link #tries(int)} is not called (the default of the property engine this project used before). */
    public static final int DEFAULT_TRIES = 1000;
    /** Longest input description in a failure message; the seed reproduces the whole input. */
    static final int MAX_DESCRIPTION = 20_000;

    private final Generator<T> generator;
    private int tries = DEFAULT_TRIES;
    private Long seed;
    private Function<? super T, String> describer = Property::describe;

    private Property(Generator<T> generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** A property over the values of {@code generator}; combine several inputs into a record first. */
    public static <T> Property<T> forAll(Generator<T> generator) {
        return new Property<>(generator);
    }

    /** Number of tries, edge cases included ({@value #DEFAULT_TRIES} by default). */
    public Property<T> tries(int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be >= 1 but was " + tries);
        }
        this.tries = tries;
        return this;
    }

    /** A fixed seed for this property instead of the one derived from its name ({@code -Dcandlesignal.seed} wins). */
    public Property<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How a failure message shows an input (default: its {@code toString}, arrays element by element). */
    public Property<T> describedBy(Function<? super T, String> describer) {
        this.describer = Objects.requireNonNull(describer, "describer");
        return this;
    }

    /** A check of one input; any exception or {@link AssertionError} it throws fails the property. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    /** Runs the tries; throws an {@link AssertionError} describing the first one that fails. */
    public void check(Check<? super T> body) {
        Objects.requireNonNull(body, "body");
        String name = callerName();
        long base = resolveSeed(name);
        int only = onlyTry();
        List<Generator<T>> edges = generator.edgeCases();
        int edgeTries = Math.min(edges.size(), tries / 2);
        for (int n = 1; n <= tries; n++) {
            if (only != 0 && n != only) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(trySeed(base, n));
            boolean edge = n <= edgeTries;
            T input = edge ? edges.get(n - 1).next(random) : generator.next(random);
            try {
                body.accept(input);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError(failure(name, n, edge, base, input, e), e);
            }
        }
    }

    private String failure(String name, int n, boolean edge, long base, T input, Throwable e) {
        String description;
        try {
            description = truncate(describer.apply(input));
        } catch (RuntimeException describing) {
            description = "(cannot describe it: " + describing + ")";
        }
        String flag = "-D" + SEED_PROPERTY + "=" + base;
        return "property " + name + " failed on try " + n + " of " + tries
                + " (" + (edge ? "edge case" : "random input") + ") with seed " + base + "\n"
                + "  rerun: " + flag + " (only this try: " + flag + " -D" + TRY_PROPERTY + "=" + n + ")\n"
                + "  input: " + description + "\n"
                + "  failure: " + e;
    }

    private long resolveSeed(String name) {
        String configured = System.getProperty(SEED_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return seed != null ? seed : defaultSeed(name);
        }
        if (configured.trim().equalsIgnoreCase("random")) {
            long random = new SplittableRandom().nextLong();
            System.err.println("property " + name + " runs with random seed " + random + " (-D" + SEED_PROPERTY + "="
                    + random + " reruns it)");
            return random;
        }
        try {
            return Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a long or 'random' but was '"
                    + configured + "'", e);
        }
    }

    private int onlyTry() {
        String configured = System.getProperty(TRY_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return 0;
        }
        int n;
        try {
            n = Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TRY_PROPERTY + " must be a try number but was '" + configured
                    + "'", e);
        }
        if (n < 1 || n > tries) {
            throw new IllegalArgumentException("-D" + TRY_PROPERTY + " must be in [1, " + tries + "] but was " + n);
        }
        return n;
    }

    /** The seed of a property with no configured seed: a 64-bit FNV-1a hash of {@code Class#method}. */
    static long defaultSeed(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Try {@code n}'s seed: mixed so that neighbouring tries draw unrelated streams. */
    static long trySeed(long base, int n) {
        return mix64(base ^ mix64(n * 0x9e3779b97f4a7c15L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** {@code SimpleClassName#method} of the code that called {@link #check} (a lambda's enclosing method). */
    private static String callerName() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Property.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#"
                        + enclosingMethod(f.getMethodName()))
                .orElse("unknown"));
    }

    /** {@code lambda$test$0} (javac's name for a lambda in {@code test}) becomes {@code test}. */
    private static String enclosingMethod(String method) {
        if (method.startsWith("lambda$")) {
            int end = method.indexOf('$', "lambda$".length());
            return end > 0 ? method.substring("lambda$".length(), end) : method;
        }
        return method;
    }

    static String describe(Object input) {
        String text = Arrays.deepToString(new Object[] {input});
        text = text.substring(1, text.length() - 1);
        if (input instanceof Collection<?> c) {
            return "(" + c.size() + " elements) " + text;
        }
        if (input instanceof Map<?, ?> m) {
            return "(" + m.size() + " entries) " + text;
        }
        return text;
    }

    private static String truncate(String text) {
        if (text.length() <= MAX_DESCRIPTION) {
            return text;
        }
        return text.substring(0, MAX_DESCRIPTION) + "... (" + (text.length() - MAX_DESCRIPTION)
                + " more characters; the seed reproduces the whole input)";
    }
}
