package dev.candlesignal;

/** What a signal tells the bot to do. */
public enum Action {
    BUY,
    SELL,
    /** Neither direction is confident enough; never delivered to {@code onSignal}. */
    HOLD;

    /** The opposite direction; HOLD stays HOLD. */
    public Action opposite() {
        return switch (this) {
            case BUY -> SELL;
            case SELL -> BUY;
            case HOLD -> HOLD;
        };
    }
}
