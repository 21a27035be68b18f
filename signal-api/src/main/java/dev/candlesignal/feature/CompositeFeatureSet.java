package dev.candlesignal.feature;

import dev.candlesignal.Candle;
import dev.candlesignal.SourceNeeds;
import dev.candlesignal.StateSnapshotException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** A set built by {@link FeatureSetBuilder}: the parts' columns side by side. Immutable and thread-safe. */
final class CompositeFeatureSet implements FeatureSet {
    private final String id;
    private final List<String> columns;
    private final int warmupBars;
    private final SourceNeeds needs;
    /** Each a {@link FeatureSet} or a {@link Feature}, in column order. */
    private final List<Object> parts;

    CompositeFeatureSet(String id, List<String> columns, int warmupBars, List<Object> parts) {
        this.id = id;
        this.columns = List.copyOf(columns);
        this.warmupBars = warmupBars;
        this.parts = parts;
        SourceNeeds all = SourceNeeds.none();
        for (Object part : parts) {
            if (part instanceof FeatureSet set) {
                all = all.and(set.needs());
            }
        }
        this.needs = all; // single features read the kline window only
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public int warmupBars() {
        return warmupBars;
    }

    /** What the parts need together: the deepest order book any part reads. */
    @Override
    public SourceNeeds needs() {
        return needs;
    }

    @Override
    public FeatureCalculator newCalculator() {
        return new CompositeCalculator(id, parts, columns.size());
    }

    @Override
    public double[][] compute(List<Candle> candles) {
        double[][] rows = new double[candles.size()][columns.size()];
        int offset = 0;
        for (Object part : parts) {
            if (part instanceof FeatureSet set) {
                double[][] partRows = set.compute(candles);
                int width = set.featureCount();
                for (int i = 0; i < rows.length; i++) {
                    System.arraycopy(partRows[i], 0, rows[i], offset, width);
                }
                offset += width;
            } else {
                Feature.Calculator calculator = ((Feature) part).newCalculator();
                for (int i = 0; i < rows.length; i++) {
                    rows[i][offset] = calculator.update(candles.get(i));
                }
                offset++;
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "FeatureSet[" + id + ", " + columns.size() + " columns]";
    }

    /** Not thread-safe. */
    private static final class CompositeCalculator implements FeatureCalculator {
        private final FeatureCalculator[] sets;
        private final int[] setOffsets;
        private final Feature.Calculator[] features;
        private final int[] featureOffsets;
        /** Update order: index into sets when >= 0, else -1 - index into features. */
        private final int[] order;
        private final int featureCount;
        /** What each part is, in update order, for messages. */
        private final String[] partNames;
        private final String setId;
        private long count;
        private String brokenBy;

        CompositeCalculator(String setId, List<Object> parts, int featureCount) {
            this.setId = setId;
            this.featureCount = featureCount;
            this.partNames = new String[parts.size()];
            int setParts = (int) parts.stream().filter(p -> p instanceof FeatureSet).count();
            this.sets = new FeatureCalculator[setParts];
            this.setOffsets = new int[setParts];
            this.features = new Feature.Calculator[parts.size() - setParts];
            this.featureOffsets = new int[features.length];
            this.order = new int[parts.size()];
            int offset = 0;
            int s = 0;
            int f = 0;
            for (int p = 0; p < parts.size(); p++) {
                Object part = parts.get(p);
                partNames[p] = part instanceof FeatureSet named ? "set " + named.id()
                        : "column '" + ((Feature) part).name() + "' (" + ((Feature) part).definition() + ")";
                if (part instanceof FeatureSet set) {
                    sets[s] = set.newCalculator();
                    setOffsets[s] = offset;
                    offset += set.featureCount();
                    order[p] = s++;
                } else {
                    features[f] = ((Feature) part).newCalculator();
                    featureOffsets[f] = offset;
                    offset++;
                    order[p] = -1 - f++;
                }
            }
        }

        @Override
        public int featureCount() {
            return featureCount;
        }

        @Override
        public void validate(Candle candle) {
            for (FeatureCalculator set : sets) {
                set.validate(candle);
            }
            for (Feature.Calculator feature : features) {
                feature.validate(candle);
            }
        }

        @Override
        public void update(Candle candle, double[] row, int offset) {
            Objects.requireNonNull(candle, "candle");
            if (brokenBy != null) {
                throw new IllegalStateException("this calculator is unusable: a part failed after others had taken"
                        + " the candle (" + brokenBy + "); create a new calculator");
            }
            validate(candle);
            for (int p = 0; p < order.length; p++) {
                try {
                    int k = order[p];
                    if (k >= 0) {
                        sets[k].update(candle, row, offset + setOffsets[k]);
                    } else {
                        row[offset + featureOffsets[-1 - k]] = features[-1 - k].update(candle);
                    }
                } catch (RuntimeException e) {
                    if (p > 0) {
                        brokenBy = "candle opened at " + candle.openTime() + ": " + e.getMessage();
                    }
                    throw e;
                }
            }
            count++;
        }

        @Override
        public long count() {
            return count;
        }

        /** The count, then every part's state in column order; refused if a part failed mid-candle. */
        @Override
        public void writeState(DataOutput out) throws IOException {
            if (brokenBy != null) {
                throw new StateSnapshotException("feature set " + setId + ": this calculator is unusable (" + brokenBy
                        + ") and has no state worth a snapshot");
            }
            out.writeLong(count);
            for (int p = 0; p < order.length; p++) {
                int k = order[p];
                try {
                    if (k >= 0) {
                        sets[k].writeState(out);
                    } else {
                        features[-1 - k].writeState(out);
                    }
                } catch (StateSnapshotException e) {
                    throw new StateSnapshotException("feature set " + setId + " cannot snapshot its state: its "
                            + partNames[p] + " cannot (" + e.getMessage() + "); a stream of this set cannot be "
                            + "checkpointed or moved", e);
                }
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            long restored = in.readLong();
            if (restored < 0) {
                throw new StateSnapshotException("feature set " + setId + ": snapshot holds a negative count " + restored);
            }
            for (int p = 0; p < order.length; p++) {
                int k = order[p];
                try {
                    if (k >= 0) {
                        sets[k].readState(in);
                    } else {
                        features[-1 - k].readState(in);
                    }
                } catch (StateSnapshotException e) {
                    throw new StateSnapshotException("feature set " + setId + " cannot restore its " + partNames[p]
                            + ": " + e.getMessage(), e);
                }
            }
            count = restored;
        }
    }
}
