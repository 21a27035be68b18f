package dev.candlesignal.train.internal;

/** Derives independent, reproducible seeds from a training's seed. Stateless. */
final class Seeds {
    private Seeds() {
    }

    /** A seed for the random stream named {@code purpose} (e.g. a tensor's state_dict name) of training {@code seed}. */
    static long mix(long seed, String purpose) {
        // String.hashCode is specified, so this is the same on every JVM; SplitMix64's finaliser spreads it
        return splitMix(seed ^ splitMix(purpose.hashCode() * 0x9E3779B97F4A7C15L + purpose.length()));
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
