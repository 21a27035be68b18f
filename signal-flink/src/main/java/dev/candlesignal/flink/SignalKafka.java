package dev.candlesignal.flink;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.internal.StreamKeys;
import dev.candlesignal.io.CandleCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka path, with the official Flink Kafka connector ({@code flink-connector-kafka} 5.0.0-2.2, built for Flink
 * 2.2; it compiles and builds jobs against Flink 2.3.0, see the README): a topic of klines in, a topic of signals out.
 *
 * <ul>
 *   <li>Klines topic: record key the stream ({@code BTCUSDT@1h}, UTF-8), so Kafka's default partitioner keeps each
 *       stream in one partition and in order; value the candle in {@link CandleCodec} form
 *       ({@link #encodeCandle}, for producers).</li>
 *   <li>Signals topic: record key the stream, value the {@link SignalCsv} line (UTF-8), written with Kafka
 *       transactions ({@link DeliveryGuarantee#EXACTLY_ONCE}): consumers reading {@code read_committed} see each
 *       signal once, after the checkpoint that covers it.</li>
 * </ul>
 *
 * <pre>{@code
 * DataStream<StreamCandle> candles = env.fromSource(SignalKafka.klines("kafka:9092", "klines", "candlesignal"),
 *         KlineFiles.watermarks(), "klines");
 * FlinkSignals.evaluate(candles, spec).filter(e -> e.signal().isPresent())
 *         .sinkTo(SignalKafka.signals("kafka:9092", "signals", "candlesignal-signals"));
 * }</pre>
 *
 * <p>Static factory only.
 */
public final class SignalKafka {
    private SignalKafka() {
    }

    /** Klines from {@code topic}, from the group's committed offsets (the earliest when it has none). */
    @SuppressWarnings("deprecation") // the connector's API still takes Kafka's OffsetResetStrategy, deprecated in 4.x
    public static KafkaSource<StreamCandle> klines(String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<StreamCandle>builder()
                .setBootstrapServers(Objects.requireNonNull(bootstrapServers, "bootstrapServers"))
                .setTopics(Objects.requireNonNull(topic, "topic"))
                .setGroupId(Objects.requireNonNull(groupId, "groupId"))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KlineRecords())
                .build();
    }

    /** Exactly-once signals into {@code topic}; {@code transactionalIdPrefix} must be unique per job. */
    public static KafkaSink<Evaluation> signals(String bootstrapServers, String topic, String transactionalIdPrefix) {
        return KafkaSink.<Evaluation>builder()
                .setBootstrapServers(Objects.requireNonNull(bootstrapServers, "bootstrapServers"))
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(Objects.requireNonNull(topic, "topic"))
                        .setKeySerializationSchema(new StreamOf())
                        .setValueSerializationSchema(new LineOf())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix"))
                .build();
    }

    /** A candle as the klines topic's record value. */
    public static byte[] encodeCandle(Candle candle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(CandleCodec.SIZE_WITHOUT_ORDER_BOOK);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            CandleCodec.write(candle, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory does not fail
        }
        return bytes.toByteArray();
    }

    /** Reads a klines record: stream from the key, candle from the value. */
    static StreamCandle decode(byte[] key, byte[] value) throws IOException {
        if (key == null || value == null) {
            throw new IOException("a klines record needs the stream as key and the candle as value");
        }
        StreamKey stream = StreamKeys.parse(new String(key, StandardCharsets.UTF_8));
        return new StreamCandle(stream, CandleCodec.read(new DataInputStream(new ByteArrayInputStream(value))));
    }

    /** A signal record's key: the stream. Stateless (a class, as Flink cannot infer a lambda's types here). */
    static final class StreamOf implements SerializationSchema<Evaluation> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(Evaluation e) {
            return e.stream().toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A signal record's value: the CSV line. Stateless. */
    static final class LineOf implements SerializationSchema<Evaluation> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(Evaluation e) {
            return SignalCsv.line(e).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The klines topic's records as candles. Stateless. */
    static final class KlineRecords implements KafkaRecordDeserializationSchema<StreamCandle> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<StreamCandle> out) throws IOException {
            out.collect(decode(record.key(), record.value()));
        }

        @Override
        public TypeInformation<StreamCandle> getProducedType() {
            return FlinkSignals.candleType();
        }
    }
}
