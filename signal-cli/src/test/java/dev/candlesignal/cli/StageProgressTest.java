package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The backtest's one-line progress: stages, the share inside a stage's unit (a fold's training), redraw limit. */
class StageProgressTest {
    private final StringWriter out = new StringWriter();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final BacktestCommand.StageProgress progress =
            new BacktestCommand.StageProgress(new PrintWriter(out), nanos::get);

    private String lastLine() {
        String s = out.toString();
        return s.substring(s.lastIndexOf('\r') + 1).stripTrailing();
    }

    @Test
    void aFoldsTrainingMovesTheBarInsideItsShareAndShowsTheEpoch() {
        progress.update("training fold 2 of 4", 1, 4);
        assertThat(lastLine()).isEqualTo("training fold 2 of 4 [######..................]  25%");

        nanos.addAndGet(200_000_000L);
        progress.within(0.5, "epoch 10/20  batch 3/97");
        assertThat(lastLine()).isEqualTo("training fold 2 of 4 [#########...............]  38%  epoch 10/20  batch 3/97");
    }

    @Test
    void redrawsAtMostTenTimesASecond() {
        progress.update("training fold 1 of 2", 0, 2);
        String before = out.toString();
        nanos.addAndGet(50_000_000L);
        progress.within(0.9, "epoch 18/20");
        assertThat(out.toString()).isEqualTo(before);
        nanos.addAndGet(60_000_000L);
        progress.within(0.9, "epoch 18/20");
        assertThat(lastLine()).endsWith("45%  epoch 18/20");
    }

    @Test
    void aFinishedStageDrawsAtOnceAndCloseErasesTheLine() {
        progress.update("sweeping", 1, 500);
        progress.update("sweeping", 500, 500);
        assertThat(lastLine()).isEqualTo("sweeping [########################] 100%");
        progress.close();
        assertThat(lastLine()).isEmpty();
    }
}
