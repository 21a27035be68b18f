package dev.candlesignal.engine;

import dev.candlesignal.CandleSource;
import dev.candlesignal.Subscription;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link CandleSource} attached to a {@link SignalEngine} ({@link SignalEngine#attach}): a subscription whose end
 * can be awaited. The engine, not the source, completes it, because only the engine knows when the candles a source
 * delivered have been processed.
 *
 * <pre>{@code
 * Attachment replay = engine.attach(ReplaySource.of(btc, candles), List.of(btc));
 * replay.completion().get(1, TimeUnit.MINUTES);   // every candle processed, every listener called
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is idempotent and may be called from any thread, including a listener callback.
 */
public interface Attachment extends Subscription {

    /**
     * Completes when the source has ended and the engine is done with it:
     * <ul>
     *   <li>normally once a finite source called {@link dev.candlesignal.CandleListener#onComplete()} and every candle
     *       it delivered before has been processed and its listener calls made (so {@link SignalEngine#awaitIdle}
     *       afterwards has nothing of this source left to wait for);</li>
     *   <li>exceptionally with the source's error once it called {@link dev.candlesignal.CandleListener#onFailure}
     *       and the candles before, then the failure, have reached the listeners;</li>
     *   <li>cancelled ({@link CancellationException}) when this attachment or the engine is closed first.</li>
     * </ul>
     * An endless source (a live exchange feed) completes only by failing or being closed.
     *
     * @return a new future on each call; completing or cancelling it affects only that future, not the attachment
     */
    CompletableFuture<Void> completion();

    /** Whether the attachment has not ended yet: not closed, and the source neither completed nor failed. */
    @Override
    boolean isActive();

    /**
     * Stops delivery: closes the source subscription and cancels {@link #completion()} unless it has completed.
     * Candles already delivered are still processed.
     */
    @Override
    void close();
}
