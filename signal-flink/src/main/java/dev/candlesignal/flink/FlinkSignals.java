package dev.candlesignal.flink;

import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.internal.CodecTypeInfo;
import dev.candlesignal.flink.internal.Serializers;
import dev.candlesignal.flink.internal.SignalOperator;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The engine as Flink operators: wires the keyed signal operator into a job.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * DataStream<StreamCandle> candles = env.fromSource(KlineFiles.source(files), KlineFiles.watermarks(), "klines");
 * SingleOutputStreamOperator<Evaluation> evaluations = FlinkSignals.evaluate(candles,
 *         SignalOperatorSpec.builder(ModelReference.of("models/demo-btcusdt-1h")).build());
 * evaluations.filter(e -> e.signal().isPresent()).sinkTo(SignalSinks.csvFiles(outDir));
 * }</pre>
 *
 * <p>The candles are keyed by stream ({@link StreamKeySelector}: {@code StreamKey.toString()}, a String, whose hash is
 * the same on every JVM, unlike an enum's), each key's candles must arrive in open-time order (one source split per
 * stream keeps that order), and the operator's uid is {@value #UID}, so savepoints find its state after the job
 * changes around it. Every value crossing operators has its own serializer ({@link #candleType()},
 * {@link #evaluationType()}, {@link #modelUpdateType()}): never Kryo or Java serialization.
 *
 * <p>Static factory only; stateless.
 */
public final class FlinkSignals {
    /** The operator's uid, under which its state is stored in savepoints. */
    public static final String UID = "candlesignal-signals";
    /** The operator's name in the Flink UI. */
    public static final String NAME = "candlesignal";

    private static final TypeInformation<StreamCandle> CANDLES =
            new CodecTypeInfo<>(Serializers.StreamCandleSerializer.INSTANCE);
    private static final TypeInformation<Evaluation> EVALUATIONS =
            new CodecTypeInfo<>(Serializers.EvaluationSerializer.INSTANCE);
    private static final TypeInformation<ModelUpdate> UPDATES =
            new CodecTypeInfo<>(Serializers.ModelUpdateSerializer.INSTANCE);

    private FlinkSignals() {
    }

    /** Keyed by stream, scored with the spec's model for the whole job. */
    public static SingleOutputStreamOperator<Evaluation> evaluate(DataStream<StreamCandle> candles,
            SignalOperatorSpec spec) {
        Objects.requireNonNull(candles, "candles");
        Objects.requireNonNull(spec, "spec");
        return keyed(candles).transform(NAME, EVALUATIONS, new SignalOperator(spec, false)).uid(UID);
    }

    /**
     * Keyed by stream, scored with the spec's model until the {@code updates} (broadcast to every instance) switch it
     * at their {@link ModelUpdate#effectiveFrom()} candle. The updates stream must carry watermarks (for example
     * {@code WatermarkStrategy.forMonotonousTimestamps()} with {@link ModelUpdate#timestamp()}), or end: a candle is
     * scored once the updates' watermark has reached its open time, so that every instance switches at the same
     * candle; see the operator's documentation for an idle update stream.
     */
    public static SingleOutputStreamOperator<Evaluation> evaluate(DataStream<StreamCandle> candles,
            DataStream<ModelUpdate> updates, SignalOperatorSpec spec) {
        Objects.requireNonNull(candles, "candles");
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(spec, "spec");
        return keyed(candles).connect(updates.broadcast()).transform(NAME, EVALUATIONS, new SignalOperator(spec, true))
                .uid(UID);
    }

    private static KeyedStream<StreamCandle, String> keyed(DataStream<StreamCandle> candles) {
        return candles.keyBy(new StreamKeySelector(), Types.STRING);
    }

    /** Flink type information of candles with their stream. */
    public static TypeInformation<StreamCandle> candleType() {
        return CANDLES;
    }

    /** Flink type information of the engine's evaluations. */
    public static TypeInformation<Evaluation> evaluationType() {
        return EVALUATIONS;
    }

    /** Flink type information of model updates. */
    public static TypeInformation<ModelUpdate> modelUpdateType() {
        return UPDATES;
    }

    /** Keys a candle by its stream: {@code StreamKey.toString()}, e.g. {@code BTCUSDT@1h}. Stateless. */
    public static final class StreamKeySelector implements KeySelector<StreamCandle, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(StreamCandle value) {
            return value.stream().toString();
        }
    }
}
