package dev.candlesignal.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.testkit.Candles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The Kafka path with flink-connector-kafka 5.0.0-2.2 (built for Flink 2.2) on Flink 2.3: the record formats, and a
 * job from a klines topic through the operator into an exactly-once signals topic builds its job graph. No broker
 * runs here (no network but loopback, and no Kafka server in the build), so the connector's runtime against a real
 * broker is not exercised.
 */
class SignalKafkaTest {

    @Test
    void aKlinesRecordIsTheStreamAndTheCandle() throws IOException {
        Candle candle = Candles.randomWalk(3, 1).get(0);
        StreamCandle back = SignalKafka.decode("ethusdt@15m".getBytes(StandardCharsets.UTF_8),
                SignalKafka.encodeCandle(candle));
        assertThat(back).isEqualTo(new StreamCandle(StreamKey.of("ETHUSDT", Interval.MINUTE_15), candle));
        assertThatThrownBy(() -> SignalKafka.decode(null, SignalKafka.encodeCandle(candle)))
                .isInstanceOf(IOException.class).hasMessageContaining("key");
    }

    @Test
    void aJobFromTheKlinesTopicToTheSignalsTopicBuildsOnFlink23() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        DataStream<StreamCandle> candles = env.fromSource(
                SignalKafka.klines("127.0.0.1:9092", "klines", "candlesignal"), KlineFiles.watermarks(), "klines");
        FlinkSignals.evaluate(candles, SignalOperatorSpec.builder(ModelReference.of("v1"))
                        .resolver(new Fixtures.TestModels()).build())
                .filter(e -> e.signal().isPresent()).returns(FlinkSignals.evaluationType())
                .sinkTo(SignalKafka.signals("127.0.0.1:9092", "signals", "candlesignal-test"));
        JobGraph graph = env.getStreamGraph().getJobGraph();
        assertThat(graph.getNumberOfVertices()).isGreaterThanOrEqualTo(2);
    }
}
