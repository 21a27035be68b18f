package dev.candlesignal.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Models;
import dev.candlesignal.replay.KlineCsv;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SignalCsv prints what {@code candlesignal replay} prints for the bundled demo (its first lines, pinned here). */
class SignalCsvTest {

    @Test
    void theFirstLinesOfTheBundledReplayAreTheCliS() throws Exception {
        try (Model model = Models.discover().load(Fixtures.DEMO_MODEL);
                SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                        .model(model).build()) {
            List<Evaluation> evaluations = engine.replay(StreamKey.of("BTCUSDT", Interval.HOUR_1),
                    KlineCsv.read(Fixtures.DATA.resolve("BTCUSDT-1h.csv")).subList(0, 150));
            List<String> lines = evaluations.stream().filter(e -> e.signal().isPresent()).map(SignalCsv::line).toList();
            // the output of `candlesignal replay` (signal-cli's SignalFormat.CSV) for the same candles
            assertThat(lines.subList(0, 4)).containsExactly(
                    "BTCUSDT,2019-07-04T06:00:00Z,11729.58,0.481405,HOLD,NONE,0.518595,,",
                    "BTCUSDT,2019-07-04T07:00:00Z,11669.23,0.566114,BUY,MEDIUM,0.566114,11253.67571429,12500.33857143",
                    "BTCUSDT,2019-07-04T08:00:00Z,11721.4,0.496715,HOLD,NONE,0.503285,,",
                    "BTCUSDT,2019-07-04T09:00:00Z,11604.27,0.551470,BUY,MEDIUM,0.551470,11198.31571429,12416.17857143");
        }
        assertThat(SignalCsv.HEADER).isEqualTo(
                "symbol,open_time,close,probability,action,strength,confidence,stop_loss,take_profit");
    }
}
