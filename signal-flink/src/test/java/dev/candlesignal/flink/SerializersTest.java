package dev.candlesignal.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.internal.StreamState;
import dev.candlesignal.flink.internal.StreamStateSerializer;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Property;
import dev.candlesignal.testkit.TestModel;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The values that cross operators and the state survive their serializers exactly; state schema versions. */
class SerializersTest {

    static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
        TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        T back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        // the serializer restored from its own snapshot reads the same bytes
        TypeSerializerSnapshot<T> snapshot = s.snapshotConfiguration();
        // (compared as text: an evaluation's error is a new exception object each time it is read)
        assertThat(snapshot.restoreSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .hasToString(String.valueOf(back));
        return back;
    }

    @Test
    void everyEvaluationOfAReplayAndItsCandleRoundTrip() {
        Property.forAll(Candles.series(1, 120)).tries(40).check(candles -> {
            StreamKey key = StreamKey.of("BTCUSDT", dev.candlesignal.Interval.HOUR_1);
            try (SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.standard14())
                    .model(TestModel.linear(FeatureSets.standard14(), 5, "1")).build()) {
                for (Evaluation e : engine.replay(key, candles)) {
                    assertThat(roundTrip(FlinkSignals.evaluationType(), e)).isEqualTo(e);
                    StreamCandle c = new StreamCandle(key, e.candle());
                    assertThat(roundTrip(FlinkSignals.candleType(), c)).isEqualTo(c);
                }
            }
        });
    }

    @Test
    void anErrorCrossesAsItsTypeAndMessage() throws IOException {
        List<Candle> candles = Candles.randomWalk(1, 3);
        StreamKey key = StreamKey.of("BTCUSDT", dev.candlesignal.Interval.HOUR_1);
        try (SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.standard14())
                .model(TestModel.linear(FeatureSets.standard14(), 5, "1")).build()) {
            engine.onCandles(List.of(new StreamCandle(key, candles.get(2))));
            Evaluation rejected = engine.onCandles(List.of(new StreamCandle(key, candles.get(0)))).get(0);
            assertThat(rejected.status()).isEqualTo(Evaluation.Status.REJECTED);
            Evaluation back = roundTrip(FlinkSignals.evaluationType(), rejected);
            assertThat(back.status()).isEqualTo(Evaluation.Status.REJECTED);
            assertThat(back.error().orElseThrow().getMessage())
                    .isEqualTo(rejected.error().orElseThrow().getClass().getName() + ": "
                            + rejected.error().orElseThrow().getMessage());
        }
    }

    @Test
    void modelUpdatesRoundTrip() throws IOException {
        ModelUpdate u = new ModelUpdate(ModelReference.of("s3://bucket/models/btc-v7"), Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(roundTrip(FlinkSignals.modelUpdateType(), u)).isEqualTo(u);
    }

    @Test
    void streamStateIsCompatibleWithItsOwnVersionAndRefusesANewerOne() throws IOException {
        StreamStateSerializer s = StreamStateSerializer.INSTANCE;
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(new StreamState(new byte[] {1, 2, 3}), out);
        assertThat(s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())).snapshot()).containsExactly(1, 2, 3);

        TypeSerializerSnapshot<StreamState> current = s.snapshotConfiguration();
        DataOutputSerializer written = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(written, current);
        TypeSerializerSnapshot<StreamState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(written.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(current.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();

        StreamStateSerializer.Snapshot future = new StreamStateSerializer.Snapshot();
        DataOutputSerializer newer = new DataOutputSerializer(8);
        newer.writeInt(SignalEngine.SNAPSHOT_FORMAT_VERSION + 1);
        future.readSnapshot(1, new DataInputDeserializer(newer.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(current.resolveSchemaCompatibility(future).isIncompatible()).isTrue();
    }

    @Test
    void aCorruptStateSizeIsRefused() {
        DataOutputSerializer out = new DataOutputSerializer(8);
        assertThatThrownBy(() -> {
            out.writeInt(-5);
            StreamStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        }).isInstanceOf(dev.candlesignal.StateSnapshotException.class).hasMessageContaining("-5");
    }
}
