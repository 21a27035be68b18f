package dev.candlesignal.backtest.ta4j;

import dev.candlesignal.Action;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.rules.AbstractRule;

/** Satisfied on the bars where the strategy emitted a signal of one direction ({@link Ta4jBridge#signals}). */
final class SignalRule extends AbstractRule {
    private final int begin;
    private final boolean[] on;
    private final Action direction;

    SignalRule(int begin, boolean[] on, Action direction) {
        this.begin = begin;
        this.on = on;
        this.direction = direction;
    }

    @Override
    public boolean isSatisfied(int index, TradingRecord tradingRecord) {
        int b = index - begin;
        boolean satisfied = b >= 0 && b < on.length && on[b];
        traceIsSatisfied(index, satisfied);
        return satisfied;
    }

    @Override
    public String toString() {
        return "SignalRule[" + direction + "]";
    }
}
