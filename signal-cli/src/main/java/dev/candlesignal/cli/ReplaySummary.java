package dev.candlesignal.cli;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Signal;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Evaluation;
import dev.candlesignal.model.ModelManifest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts what a replay produced and prints the closing summary: signals by action and the hit rate of their
 * direction on the next candle, separately for candles inside and outside the model's training range (inside it
 * the numbers are in-sample and flatter the model).
 */
final class ReplaySummary {
    private final StreamKey stream;
    private final ModelManifest manifest;
    private final String backend;
    private final List<Evaluation> predicted = new ArrayList<>();
    private int buys;
    private int sells;
    private int holds;
    private int suppressed;
    private int undefined;
    private long gaps;
    private long missing;
    private Instant lastOpen;
    private long foreignSymbolPredictions;

    ReplaySummary(StreamKey stream, ModelManifest manifest, String backend) {
        this.stream = stream;
        this.manifest = manifest;
        this.backend = backend;
    }

    void add(Evaluation e) {
        if (lastOpen != null) {
            long slots = stream.interval().slotsBetween(lastOpen, e.candle().openTime());
            if (slots > 1) {
                gaps++;
                missing += slots - 1;
            }
        }
        lastOpen = e.candle().openTime();
        switch (e.status()) {
            case SIGNAL -> {
                if (e.signal().get().action() == Action.BUY) {
                    buys++;
                } else {
                    sells++;
                }
            }
            case HOLD -> holds++;
            case COOLDOWN -> suppressed++;
            case UNDEFINED_FEATURES -> undefined++;
            default -> {
            }
        }
        if (e.signal().isPresent()) {
            predicted.add(e);
        }
    }

    /** Predictions the engine served although the stream's symbol is not among the model's training symbols. */
    void foreignSymbolPredictions(long count) {
        this.foreignSymbolPredictions = count;
    }

    /** Hits and trials of emitted signals whose next candle is known, by in/out of the training range. */
    private record Rate(int hits, int trials) {
        String format() {
            return trials == 0 ? "n/a (no signals)"
                    : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * hits / trials, hits, trials);
        }
    }

    void print(PrintWriter err, List<Candle> candles, long elapsedNanos) {
        int[] hits = new int[2];
        int[] trials = new int[2];
        int[] modelHits = new int[2];
        int[] modelTrials = new int[2];
        for (Evaluation e : predicted) {
            Candle next = nextCandle(candles, e.candle());
            if (next == null) {
                continue;
            }
            int bucket = manifest.training().overlaps(e.candle().openTime(), e.candle().openTime().plusMillis(1)) ? 0 : 1;
            Signal s = e.signal().get();
            boolean up = next.close() > e.candle().close();
            modelTrials[bucket]++;
            if ((s.probability() > 0.5) == up) {
                modelHits[bucket]++;
            }
            if (e.status() == Evaluation.Status.SIGNAL) {
                trials[bucket]++;
                boolean hit = s.action() == Action.BUY ? up : next.close() < e.candle().close();
                if (hit) {
                    hits[bucket]++;
                }
            }
        }
        err.printf(Locale.ROOT, "candlesignal: replayed %d %s candles (%s .. %s) through %s v%s (%s, %s) in %.2f s%n",
                candles.size(), stream, candles.get(0).openTime(), candles.get(candles.size() - 1).openTime(),
                manifest.modelId(), manifest.version(), manifest.featureSetId(), backend, elapsedNanos / 1e9);
        err.printf(Locale.ROOT, "  predictions: %d (%d candles of warm-up; %d gaps, %d candles missing)%s%n",
                predicted.size(), candles.size() - predicted.size() - undefined, gaps, missing,
                undefined > 0 ? "; " + undefined + " windows with undefined features" : "");
        if (foreignSymbolPredictions > 0) {
            err.printf(Locale.ROOT, "  outside the training symbols: %d predictions on %s, which model %s was not "
                    + "trained on (it was trained on %s)%n", foreignSymbolPredictions, stream.symbol(),
                    manifest.modelId(), String.join(", ", manifest.training().symbols()));
        }
        err.printf(Locale.ROOT, "  signals: BUY %d, SELL %d, HOLD %d, suppressed by cooldown %d%n", buys, sells, holds,
                suppressed);
        err.printf(Locale.ROOT, "  next-candle hit rate of emitted signals: outside the training range %s, inside it "
                + "(in-sample) %s%n", new Rate(hits[1], trials[1]).format(), new Rate(hits[0], trials[0]).format());
        err.printf(Locale.ROOT, "  direction of p > 0.5 on every prediction: outside %s, inside %s (training range %s .. %s)%n",
                new Rate(modelHits[1], modelTrials[1]).format(), new Rate(modelHits[0], modelTrials[0]).format(),
                manifest.training().from(), manifest.training().to());
        err.flush();
    }

    private static Candle nextCandle(List<Candle> candles, Candle c) {
        int i = java.util.Collections.binarySearch(candles, c,
                (a, b) -> a.openTime().compareTo(b.openTime()));
        return i >= 0 && i + 1 < candles.size() ? candles.get(i + 1) : null;
    }
}
