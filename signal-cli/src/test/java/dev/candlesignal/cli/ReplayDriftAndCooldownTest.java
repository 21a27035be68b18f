package dev.candlesignal.cli;

import static dev.candlesignal.cli.ReplayCommandTest.MODEL;
import static dev.candlesignal.cli.ReplayCommandTest.assertUserError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --on-drift} and the cooldown in candles, through the CLI, on real candles and the demo model. */
class ReplayDriftAndCooldownTest {
    static final int CANDLES = 400;
    static final int PREDICTIONS = CANDLES - 78;

    /** The first 400 BNBUSDT candles (the demo model's domain is BTCUSDT) under the file name the symbol comes from. */
    static Path bnb(Path dir) throws IOException {
        List<Candle> all = KlineCsv.read(Path.of("../data/binance/BNBUSDT-1h.csv.gz"));
        Path file = dir.resolve("BNBUSDT-1h.csv");
        KlineCsv.write(file, all.subList(0, CANDLES));
        return file;
    }

    static List<String> actions(Cli.Result r) {
        return r.out().lines().skip(1).map(l -> l.split(",", -1)[4]).toList();
    }

    @Test
    void anotherSymbolIsSuppressedByDefaultAndTheSummaryCountsIt(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("replay", "--candles", bnb(dir).toString(), "--model", MODEL.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(actions(r)).hasSize(PREDICTIONS).containsOnly("HOLD");
        assertThat(r.err()).contains("signals: BUY 0, SELL 0, HOLD 0, suppressed by cooldown 0")
                .contains("out of the model's training domain: " + PREDICTIONS + " of " + PREDICTIONS
                        + " predictions (100.0%; more than 25% of the window beyond 4 sd of the training data); "
                        + "not emitted (withheld BUY " + PREDICTIONS + ", SELL 0; --on-drift warn emits them)");
    }

    @Test
    void warnEmitsTheSignalsAndCountsThem(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("replay", "--candles", bnb(dir).toString(), "--model", MODEL.toString(), "--on-drift",
                "warn");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(actions(r)).hasSize(PREDICTIONS).containsOnly("BUY");
        assertThat(r.err()).contains("signals: BUY " + PREDICTIONS + ", SELL 0")
                .contains("out of the model's training domain: " + PREDICTIONS + " of " + PREDICTIONS)
                .contains("emitted anyway and counted in the signals above (--on-drift warn)");
    }

    @Test
    void jsonLinesCarryTheStatusAndTheWithheldAction(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("replay", "--candles", bnb(dir).toString(), "--model", MODEL.toString(), "--format",
                "json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(PREDICTIONS).allSatisfy(line -> assertThat(line)
                .contains("\"action\":\"HOLD\"").contains("\"status\":\"OUT_OF_DOMAIN\"")
                .contains("\"suppressed\":\"BUY\""));
    }

    @Test
    void theTrainingSymbolSaysNothingAboutTheDomain(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("replay", "--candles", ReplayCommandTest.slice(dir, CANDLES).toString(), "--model",
                MODEL.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("domain").doesNotContain("drift");
        assertThat(actions(r)).contains("BUY", "SELL");
    }

    @Test
    void aBadDriftPolicyIsOneLine() {
        assertUserError(Cli.run("replay", "--on-drift", "ignore"), "--on-drift must be suppress or warn, not 'ignore'");
    }

    @Test
    void threeCandlesSuppressTheNextThreeHourlyCandlesWhileTheDefaultSuppressesNothing(@TempDir Path dir)
            throws IOException {
        String slice = ReplayCommandTest.slice(dir, CANDLES).toString();
        List<String> byDefault = actions(Cli.run("replay", "--candles", slice, "--model", MODEL.toString()));
        List<String> threeCandles = actions(Cli.run("replay", "--candles", slice, "--model", MODEL.toString(),
                "--cooldown", "3c"));
        List<String> fourHours = actions(Cli.run("replay", "--candles", slice, "--model", MODEL.toString(),
                "--cooldown", "240"));
        assertThat(byDefault).hasSize(PREDICTIONS);
        // the default 60 minutes lets the same direction through on the very next 1h candle
        assertThat(hasRepeatWithin(byDefault, 1)).as("default: back-to-back BUYs or SELLs").isTrue();
        assertThat(hasRepeatWithin(threeCandles, 3)).as("3c: no repeat within 3 candles").isFalse();
        assertThat(threeCandles).isEqualTo(fourHours).isNotEqualTo(byDefault);
        assertThat(threeCandles).contains("BUY", "SELL");
    }

    /** Whether some BUY (SELL) line follows another within {@code candles} lines (one line per candle here). */
    static boolean hasRepeatWithin(List<String> actions, int candles) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).equals("HOLD")) {
                continue;
            }
            for (int k = i + 1; k <= Math.min(actions.size() - 1, i + candles); k++) {
                if (actions.get(k).equals(actions.get(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void cooldownParsesMinutesAndCandlesWithinTheirBounds() {
        assertThat(PolicyOptions.parseCooldown("60")).isEqualTo(Cooldown.of(Duration.ofMinutes(60)));
        assertThat(PolicyOptions.parseCooldown("0")).isEqualTo(Cooldown.none());
        assertThat(PolicyOptions.parseCooldown("3c")).isEqualTo(Cooldown.ofCandles(3));
        assertThat(PolicyOptions.parseCooldown("0c")).isEqualTo(Cooldown.none());
        assertThat(PolicyOptions.parseCooldown(Long.toString(PolicyOptions.MAX_COOLDOWN_MINUTES)))
                .isEqualTo(Cooldown.of(Duration.ofMinutes(PolicyOptions.MAX_COOLDOWN_MINUTES)));
        assertThat(PolicyOptions.parseCooldown(PolicyOptions.MAX_COOLDOWN_CANDLES + "c"))
                .isEqualTo(Cooldown.ofCandles((int) PolicyOptions.MAX_COOLDOWN_CANDLES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3x", "-1", "-3c", "c", "3cc", "3 c", "3C", "1.5", "", "527041", "527041c",
            "99999999999999999999999c", "9223372036854775807"})
    void aBadCooldownIsOneLineNamingIt(String value) {
        assertThatThrownBy(() -> PolicyOptions.parseCooldown(value)).isInstanceOf(CandleSignalCli.UserError.class)
                .hasMessage("--cooldown must be 0..527040 minutes or 0c..527040c candles (e.g. 60 or 3c) but was '"
                        + value + "'");
        assertUserError(Cli.run("replay", "--cooldown=" + value), "but was '" + value + "'");
    }
}
