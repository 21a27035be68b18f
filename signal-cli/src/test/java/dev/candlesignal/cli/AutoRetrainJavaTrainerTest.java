package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.store.ModelStore;
import dev.candlesignal.training.RetrainDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --auto-retrain} with the real Java trainer (one epoch, short histories, to stay quick): challengers
 * are trained, saved, evaluated against the demo model and decided on, and the same candles and seed give the same
 * decisions, byte for byte.
 */
class AutoRetrainJavaTrainerTest {
    @TempDir
    static Path shared;
    static Path candles;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sixtyDays() throws IOException {
        candles = BundledCandles.first(shared, 60 * 24);
    }

    private Cli.Result simulate(String name) {
        return Cli.run("replay", "--candles", candles.toString(), "--auto-retrain", "--store",
                tmp.resolve(name).toString(), "--decisions", tmp.resolve(name + ".csv").toString(), "--history", "20d",
                "--held-out", "5d", "--epochs", "1");
    }

    @Test
    void challengersAreTrainedEvaluatedAndDecidedTheSameWayTwice() throws Exception {
        Cli.Result a = simulate("a");
        assertThat(a.status()).as(a.err()).isZero();
        List<RetrainDecision> decisions = ModelStore.openReadOnly(tmp.resolve("a"))
                .decisions(AutoRetrainCommandTest.MODEL_ID);
        assertThat(decisions).anyMatch(d -> d.scores().isPresent());
        assertThat(decisions.stream().filter(d -> d.scores().isPresent()).findFirst().orElseThrow().challengerVersion())
                .isPresent();
        Cli.Result b = simulate("b");
        assertThat(b.status()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("b.csv"))).isEqualTo(Files.readAllBytes(tmp.resolve("a.csv")));
    }
}
