package dev.candlesignal;

/** How confident a directional signal is. HOLD decisions have strength {@link #NONE}. */
public enum Strength {
    NONE,
    WEAK,
    MEDIUM,
    STRONG
}
