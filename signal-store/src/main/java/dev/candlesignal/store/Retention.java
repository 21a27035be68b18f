package dev.candlesignal.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Which versions {@link ModelStore#prune} keeps: the last {@code keepLast} versions saved, every version saved less
 * than {@code keepYoungerThan} ago (on the store's clock), and always the current version and its parent, whatever
 * their age. The defaults, 5 versions and 7 days, are the reference bot's backup rule ("keep last 7 days").
 *
 * <p>Immutable.
 *
 * @param keepLast how many of the newest versions to keep, >= 1
 * @param keepYoungerThan versions saved less than this long ago are kept, >= 0
 */
public record Retention(int keepLast, Duration keepYoungerThan) {
    private static final Retention DEFAULTS = new Retention(5, Duration.ofDays(7));

    public Retention {
        Objects.requireNonNull(keepYoungerThan, "keepYoungerThan");
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1 but was " + keepLast);
        }
        if (keepYoungerThan.isNegative()) {
            throw new IllegalArgumentException("keepYoungerThan must be >= 0 but was " + keepYoungerThan);
        }
    }

    /** The last 5 versions and those younger than 7 days. */
    public static Retention defaults() {
        return DEFAULTS;
    }
}
