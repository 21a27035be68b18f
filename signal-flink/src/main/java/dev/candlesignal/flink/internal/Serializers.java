package dev.candlesignal.flink.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.ModelUpdate;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * One {@link CodecSerializer} per value type, each with the serializer snapshot Flink restores it from (a public
 * class with a no-argument constructor, found by name in checkpoints and savepoints).
 */
public final class Serializers {
    private Serializers() {
    }

    /** {@link StreamCandle}. */
    public static final class StreamCandleSerializer extends CodecSerializer<StreamCandle> {
        private static final long serialVersionUID = 1L;
        public static final StreamCandleSerializer INSTANCE = new StreamCandleSerializer();

        public StreamCandleSerializer() {
            super(Codecs.StreamCandles.INSTANCE);
        }

        @Override
        public TypeSerializerSnapshot<StreamCandle> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link StreamCandleSerializer}. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<StreamCandle> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** {@link Candle}. */
    public static final class CandleSerializer extends CodecSerializer<Candle> {
        private static final long serialVersionUID = 1L;
        public static final CandleSerializer INSTANCE = new CandleSerializer();

        public CandleSerializer() {
            super(Codecs.Candles.INSTANCE);
        }

        @Override
        public TypeSerializerSnapshot<Candle> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link CandleSerializer}. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Candle> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** {@link Evaluation}. */
    public static final class EvaluationSerializer extends CodecSerializer<Evaluation> {
        private static final long serialVersionUID = 1L;
        public static final EvaluationSerializer INSTANCE = new EvaluationSerializer();

        public EvaluationSerializer() {
            super(Codecs.Evaluations.INSTANCE);
        }

        @Override
        public TypeSerializerSnapshot<Evaluation> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link EvaluationSerializer}. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Evaluation> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** {@link ModelUpdate}. */
    public static final class ModelUpdateSerializer extends CodecSerializer<ModelUpdate> {
        private static final long serialVersionUID = 1L;
        public static final ModelUpdateSerializer INSTANCE = new ModelUpdateSerializer();

        public ModelUpdateSerializer() {
            super(Codecs.ModelUpdates.INSTANCE);
        }

        @Override
        public TypeSerializerSnapshot<ModelUpdate> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link ModelUpdateSerializer}. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ModelUpdate> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
