/**
 * Crash-safe file output: {@link dev.candlesignal.io.AtomicFile} and {@link dev.candlesignal.io.AtomicOutput}
 * replace a file only with complete, flushed content, so a failed, interrupted or killed writer leaves the old
 * file exactly as it was. Every file the project writes goes through them. {@link dev.candlesignal.io.CandleCodec}
 * is the one binary form of a candle (stream snapshots, serializers that carry candles between machines).
 */
package dev.candlesignal.io;
