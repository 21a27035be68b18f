package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions' CSV (the header, RFC 4180 quoting, empty cells for a failure) and table. */
class DecisionTableTest {
    private static final Instant T = Instant.parse("2020-01-09T00:00:00Z");
    private static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    @Test
    void csvHasTheHeaderOneLinePerDecisionAndQuotedReasons() {
        RetrainDecision promoted = new RetrainDecision(T, BTC, "m", "periodic", "1", Optional.of("2"),
                RetrainDecision.Verdict.PROMOTED, Optional.of(new HeldOutScores(T.minusSeconds(86_400 * 30), T, 690,
                        0.69314718, 0.6901, 0.6925, 0.51, 0.53, 0.49)), "challenger beats \"it\", by 0.0030");
        RetrainDecision failed = new RetrainDecision(T.plusSeconds(3600), BTC, "m", "win_rate", "2", Optional.empty(),
                RetrainDecision.Verdict.FAILED, Optional.empty(), "failed: source served 5 days of the 180 asked");
        assertThat(DecisionTable.csv(List.of(promoted, failed))).isEqualTo("""
                time,symbol,interval,trigger,champion_version,challenger_version,champion_log_loss,challenger_log_loss,promoted,reason
                2020-01-09T00:00:00Z,BTCUSDT,1h,periodic,1,2,0.693147,0.690100,true,"challenger beats ""it"", by 0.0030"
                2020-01-09T01:00:00Z,BTCUSDT,1h,win_rate,2,,,,false,"failed: source served 5 days of the 180 asked"
                """);
        assertThat(DecisionTable.summary(List.of(promoted, failed)))
                .isEqualTo("2 retraining decisions: 1 promoted, 0 rejected, 1 failed");
        StringWriter table = new StringWriter();
        DecisionTable.print(new PrintWriter(table, true), List.of(promoted, failed));
        assertThat(table.toString().lines()).hasSize(3);
        assertThat(table.toString()).contains("promoted").contains("0.6931").contains("failed: source served");
    }
}
