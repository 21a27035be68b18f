package dev.candlesignal.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import dev.candlesignal.training.TrainingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The label, window, split, purge and scaler rules on hand-made candles, with the answers worked out by hand. */
class TrainingDataTest {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final StreamKey ETH = StreamKey.of("ETHUSDT", Interval.HOUR_1);

    /** Two columns: c = close (defined from the first candle), d = close - close two candles back (warm-up 3). */
    static final FeatureSet CLOSE_AND_MOVE = FeatureSet.builder()
            .add(Feature.of("c", 1, w -> w.close(0)))
            .add(Feature.of("d", 3, w -> w.close(0) - w.close(2)))
            .build();

    static final double[] CLOSES = {10, 11, 12, 11, 13, 13, 12, 14, 15, 14, 16, 17, 15, 18, 19, 18, 20, 21, 19, 22};

    /** Candles opening at the given hours after {@link Candles#START}, with these closes. */
    static List<Candle> candles(int[] hours, double[] closes) {
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            Instant open = Candles.START.plusSeconds(3600L * hours[i]);
            double c = closes[i];
            out.add(Candles.hourly(open, c, c + 1, c - 1, c, 100));
        }
        return out;
    }

    static List<Candle> hourly(double[] closes) {
        int[] hours = new int[closes.length];
        for (int i = 0; i < hours.length; i++) {
            hours[i] = i;
        }
        return candles(hours, closes);
    }

    static TrainingData prepare(Map<StreamKey, List<Candle>> candles, FeatureSet set, int length, LabelSpec label,
            double validation, int purge) throws TrainingException {
        return TrainingData.prepare(new TrainingJob("m", "1", null, candles),
                new TrainingData.Spec(set, length, label, validation, purge));
    }

    static int[] trainEnds(TrainingData d) {
        int[] out = new int[d.trainCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.trainEnd(i);
        }
        return out;
    }

    static int[] validationEnds(TrainingData d) {
        int[] out = new int[d.validationCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.validationEnd(i);
        }
        return out;
    }

    static float[] trainLabels(TrainingData d) {
        float[] out = new float[d.trainCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.trainLabel(i);
        }
        return out;
    }

    /**
     * 20 gap-free candles, windows of 2, horizon 1, warm-up 3: the first fully defined row is 2, so windows end at
     * 3..18 (16 windows; 19 has no label candle). round(16 x 0.75) = 12 training candidates, so validation starts
     * at the window ending at 15; the purge of 3 keeps training windows ending at <= 12.
     */
    @Test
    void windowsLabelsSplitAndPurgeFollowTheRules() throws TrainingException {
        TrainingData d = prepare(Map.of(BTC, hourly(CLOSES)), CLOSE_AND_MOVE, 2, LabelSpec.nextCandleUp(), 0.25, 3);

        assertThat(trainEnds(d)).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(validationEnds(d)).containsExactly(15, 16, 17, 18);
        // close[t+1] > close[t]: 11->13 up, 13->13 not up (strict), 13->12, 12->14, 14->15, 15->14, 14->16, 16->17,
        // 17->15, 15->18
        assertThat(trainLabels(d)).containsExactly(1, 0, 0, 1, 1, 0, 1, 1, 0, 1);
        // 18->20, 20->21, 21->19, 19->22
        assertThat(d.validationLabels()).containsExactly(1, 1, 0, 1);
        // previous direction close[t] > close[t-1]: 18 > 19 no, 20 > 18, 21 > 20, 19 > 21 no
        assertThat(new int[] {d.validationPrevious(0), d.validationPrevious(1), d.validationPrevious(2),
                d.validationPrevious(3)}).containsExactly(0, 1, 1, 0);
        // training range: the first row of the first window (2) to the end of the last label candle (19)
        assertThat(d.from()).isEqualTo(Candles.START.plusSeconds(2 * 3600));
        assertThat(d.to()).isEqualTo(Candles.START.plusSeconds(20 * 3600));
        assertThat(d.symbols()).containsExactly("BTCUSDT");
    }

    /**
     * The scaler sees the rows of training windows only (rows 2..12, each once): c = 12, 11, 13, 13, 12, 14, 15, 14,
     * 16, 17, 15 has mean 152/11 and population variance 2134/11 - (152/11)^2 = 370/121; d = 2, 0, 1, 2, -1, 1, 3,
     * 0, 1, 3, -1 has mean 1 and variance 31/11 - 1 = 20/11.
     */
    @Test
    void scalerIsFittedOnTrainingRowsOnly() throws TrainingException {
        TrainingData d = prepare(Map.of(BTC, hourly(CLOSES)), CLOSE_AND_MOVE, 2, LabelSpec.nextCandleUp(), 0.25, 3);

        assertThat(d.scalerRows()).isEqualTo(11);
        assertThat(d.scaler().means()[0]).isCloseTo(152.0 / 11, within(1e-12));
        assertThat(d.scaler().stds()[0]).isCloseTo(Math.sqrt(370.0) / 11, within(1e-12));
        assertThat(d.scaler().means()[1]).isCloseTo(1.0, within(1e-12));
        assertThat(d.scaler().stds()[1]).isCloseTo(Math.sqrt(20.0 / 11), within(1e-12));
        assertThat(d.scaler().epsilon()).isEqualTo(1e-8);
        // the windows hold the scaled rows, oldest first, as the engine scales a served row
        float[] w = new float[4];
        d.copyValidationWindow(0, w, 0); // rows 14 and 15: closes 19 and 18, moves 19-15 = 4 and 18-18 = 0
        assertThat(w[0]).isEqualTo((float) ((19 - 152.0 / 11) / (Math.sqrt(370.0) / 11 + 1e-8)));
        assertThat(w[1]).isEqualTo((float) ((4 - 1.0) / (Math.sqrt(20.0 / 11) + 1e-8)));
        assertThat(w[2]).isEqualTo((float) ((18 - 152.0 / 11) / (Math.sqrt(370.0) / 11 + 1e-8)));
        assertThat(w[3]).isEqualTo((float) ((0 - 1.0) / (Math.sqrt(20.0 / 11) + 1e-8)));
    }

    /** Horizon 2 and threshold 1 %: the label of t is close[t+2] > close[t] x 1.01. */
    @Test
    void labelUsesHorizonAndThreshold() throws TrainingException {
        double[] closes = {100, 100, 101, 100, 102, 103, 101, 104, 104.5, 105, 100, 99};
        TrainingData d = prepare(Map.of(BTC, hourly(closes)), FeatureSet.builder()
                .add(Feature.of("c", 1, w -> w.close(0))).build(), 1, new LabelSpec(2, 0.01), 0.5, 3);
        // windows of one row end at 0..9 (10 windows); 5 training candidates, validation from end 5; purge 3 keeps
        // training ends <= 2
        assertThat(trainEnds(d)).containsExactly(0, 1, 2);
        assertThat(validationEnds(d)).containsExactly(5, 6, 7, 8, 9);
        // 101 > 101? no; 100 > 101? no; 102 > 102.01? no
        assertThat(trainLabels(d)).containsExactly(0, 0, 0);
        // 104 > 104.03 no; 104.5 > 102.01 yes; 105 > 105.04 no; 100 > 105.545 no; 99 > 106.05 no
        assertThat(d.validationLabels()).containsExactly(0, 1, 0, 0, 0);
        // previous direction over 2 candles: 103 > 100*1.01 yes; 101 > 102*1.01 no; 104 > 103*1.01=104.03 no;
        // 104.5 > 101*1.01 yes; 105 > 104*1.01=105.04 no
        assertThat(new int[] {d.validationPrevious(0), d.validationPrevious(1), d.validationPrevious(2),
                d.validationPrevious(3), d.validationPrevious(4)}).containsExactly(1, 0, 0, 1, 0);
    }

    /**
     * Hour 6 is missing: candles 0..5 are hours 0..5, candles 6..11 hours 7..12. A window of 2 rows with its label
     * candle must not cross the hole, so the windows ending at 5 (label candle 6) and 6 (row 5) are left out: ends
     * 1, 2, 3, 4, 7, 8, 9, 10. round(8 x 0.75) = 6 candidates; validation starts at end 9 (hour 10); the purge is
     * counted in interval slots, so the window ending at 7 (hour 8, two slots before) is purged too.
     */
    @Test
    void windowsNeverSpanAGapAndThePurgeCountsTheMissingCandles() throws TrainingException {
        int[] hours = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12};
        double[] closes = {10, 11, 10, 12, 13, 12, 14, 13, 15, 16, 15, 17};
        TrainingData d = prepare(Map.of(BTC, candles(hours, closes)), FeatureSet.builder()
                .add(Feature.of("c", 1, w -> w.close(0))).build(), 2, LabelSpec.nextCandleUp(), 0.25, 3);

        assertThat(trainEnds(d)).containsExactly(1, 2, 3, 4);
        assertThat(validationEnds(d)).containsExactly(9, 10);
        assertThat(d.validationEndTime(0)).isEqualTo(Candles.START.plusSeconds(10 * 3600));
    }

    /**
     * Two streams of the same hours: the windows are ordered by time, then stream; 2 x 8 windows, round(16 x 0.7) =
     * 11 candidates would split the pair ending at the 6th hour, so that whole pair goes to validation.
     */
    @Test
    void severalStreamsSplitByTimeAndKeepTiesTogether() throws TrainingException {
        double[] closes = {10, 11, 10, 12, 13, 12, 14, 13, 15, 16};
        Map<StreamKey, List<Candle>> streams = new LinkedHashMap<>();
        streams.put(BTC, hourly(closes));
        streams.put(ETH, hourly(closes));
        TrainingData d = prepare(streams, FeatureSet.builder().add(Feature.of("c", 1, w -> w.close(0))).build(), 2,
                LabelSpec.nextCandleUp(), 0.3, 3);
        // windows end at 1..8 in each stream; validation from hour 6 (pairs at 6, 7, 8); training hours <= 3
        assertThat(validationEnds(d)).containsExactly(6, 6, 7, 7, 8, 8);
        assertThat(d.validationSeries(0)).isEqualTo(0);
        assertThat(d.validationSeries(1)).isEqualTo(1);
        assertThat(trainEnds(d)).containsExactly(1, 1, 2, 2, 3, 3);
        assertThat(d.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
    }

    @Test
    void cutRoundsHalfToEvenAsPythonDoes() {
        assertThat(TrainingData.cut(5, 0.5)).isEqualTo(2); // round(2.5) = 2
        assertThat(TrainingData.cut(7, 0.5)).isEqualTo(4); // round(3.5) = 4
        assertThat(TrainingData.cut(2, 0.9)).isEqualTo(1); // at least one training candidate
        assertThat(TrainingData.cut(10, 0.01)).isEqualTo(9); // at least one validation window
    }

    @Test
    void tooFewCandlesNamesTheCountsAndTheMinimum() throws TrainingException {
        FeatureSet set = FeatureSet.builder().add(Feature.of("c", 1, w -> w.close(0))).build();
        TrainingData.Spec spec = new TrainingData.Spec(set, 2, LabelSpec.nextCandleUp(), 0.25, 3);
        // the first window ends at candle 1; round(N x 0.75) >= 3 first for N = 4 windows: 1 + 4 + 1 = 6 candles
        assertThat(TrainingData.minimumCandles(spec)).isEqualTo(6);
        assertThatThrownBy(() -> TrainingData.prepare(new TrainingJob("m", "1", null,
                Map.of(BTC, hourly(new double[] {11, 12, 13, 14, 15}))), spec))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_FEW_CANDLES))
                .hasMessageContaining("BTCUSDT@1h: 5")
                .hasMessageContaining("no training window is left")
                .hasMessageContaining("at least 6");
        // and 6 are enough
        assertThat(TrainingData.prepare(new TrainingJob("m", "1", null,
                Map.of(BTC, hourly(new double[] {11, 12, 13, 14, 15, 16}))), spec).trainCount()).isEqualTo(1);
    }

    @Test
    void nonFiniteFeaturesAfterTheWarmUpAreRefusedWithColumnAndCandle() {
        FeatureSet set = FeatureSet.builder().add(Feature.of("c", 1, w -> w.close(0)))
                .add(Feature.of("bad", 1, w -> w.close(0) == 15 ? Double.POSITIVE_INFINITY : 1)).build();
        assertThatThrownBy(() -> prepare(Map.of(BTC, hourly(CLOSES)), set, 2, LabelSpec.nextCandleUp(), 0.25, 3))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NON_FINITE_FEATURES))
                .hasMessageContaining("'bad'")
                .hasMessageContaining("Infinity")
                .hasMessageContaining(Candles.START.plusSeconds(8 * 3600).toString());
    }

    @Test
    void streamsOfDifferentIntervalsAreRefused() {
        Map<StreamKey, List<Candle>> streams = new LinkedHashMap<>();
        streams.put(BTC, hourly(CLOSES));
        streams.put(StreamKey.of("ETHUSDT", Interval.HOUR_4), Candles.randomWalk(1, 50, Interval.HOUR_4, 10));
        assertThatThrownBy(() -> prepare(streams, CLOSE_AND_MOVE, 2, LabelSpec.nextCandleUp(), 0.25, 3))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_JOB))
                .hasMessageContaining("different intervals")
                .hasMessageContaining("ETHUSDT@4h");
    }

    @Test
    void candlesOutOfOrderAreRefused() {
        List<Candle> candles = new ArrayList<>(hourly(CLOSES));
        candles.set(5, candles.get(4));
        assertThatThrownBy(() -> prepare(Map.of(BTC, candles), CLOSE_AND_MOVE, 2, LabelSpec.nextCandleUp(), 0.25, 3))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_JOB))
                .hasMessageContaining("candle 5");
    }

    @Test
    void aSetThatNeedsAnOrderBookDoesNotFitKlines() {
        FeatureSet orderBook = FeatureSets.byId("standard14/orderBook(5)");
        assertThatThrownBy(() -> prepare(Map.of(BTC, Candles.randomWalk(1, 300)), orderBook, 60,
                LabelSpec.nextCandleUp(), 0.2, 61))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.FEATURE_SET_MISMATCH))
                .hasMessageContaining("standard14/orderBook(5)")
                .hasMessageContaining("order book of 5 levels");
    }
}
