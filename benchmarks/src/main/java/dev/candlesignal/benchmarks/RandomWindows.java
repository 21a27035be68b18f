package dev.candlesignal.benchmarks;

import java.util.SplittableRandom;

/** Pregenerated model inputs for the inference benchmarks: a fixed seed, so every run sees the same numbers. */
final class RandomWindows {

    private RandomWindows() {
    }

    /**
     * {@code count} batches of {@code batch} windows of {@code size} values, uniform in [-2, 2), from a
     * {@link SplittableRandom} with {@code seed}.
     */
    static float[][][] batches(int count, int batch, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][][] inputs = new float[count][batch][size];
        for (float[][] b : inputs) {
            for (float[] w : b) {
                for (int i = 0; i < size; i++) {
                    w[i] = (float) (random.nextDouble() * 4 - 2);
                }
            }
        }
        return inputs;
    }
}
