package dev.candlesignal.backtest.internal;

import dev.candlesignal.Action;

/**
 * The signals of one stream, one slot per candle: what the executor enters on. {@code action[i]} is
 * {@link #NONE}, {@link #BUY} or {@link #SELL}; the levels are those of the decision.
 *
 * <p>Not thread-safe; filled once, then read.
 */
public final class Signals {
    public static final byte NONE = 0;
    public static final byte BUY = 1;
    public static final byte SELL = 2;

    public final byte[] action;
    public final double[] entry;
    public final double[] stop;
    public final double[] target;

    public Signals(int n) {
        action = new byte[n];
        entry = new double[n];
        stop = new double[n];
        target = new double[n];
    }

    public void set(int i, Action a, double entryPrice, double stopLoss, double takeProfit) {
        action[i] = a == Action.BUY ? BUY : a == Action.SELL ? SELL : NONE;
        entry[i] = entryPrice;
        stop[i] = stopLoss;
        target[i] = takeProfit;
    }

    public static Action toAction(byte a) {
        return a == BUY ? Action.BUY : a == SELL ? Action.SELL : Action.HOLD;
    }

    /** Number of candles with a BUY or SELL. */
    public int count() {
        int n = 0;
        for (byte a : action) {
            if (a != NONE) {
                n++;
            }
        }
        return n;
    }
}
