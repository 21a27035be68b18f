package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user error is one line starting with "candlesignal: " and exit status 2; never a stack trace. */
class CliErrorsTest {

    private static void assertOneLineUserError(Cli.Result r, String mentions) {
        assertThat(r.status()).as(r.err()).isEqualTo(CandleSignalCli.USER_ERROR);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("candlesignal: ").contains(mentions).doesNotContain("\tat ", "Exception:");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-flag", "--min-confidence=abc", "--parallelism=x"})
    void aFlagPicocliCannotParseIsOneLineThatPointsToHelp(String flag) {
        Cli.Result r = Cli.run("replay", flag);
        assertOneLineUserError(r, "'candlesignal replay --help'");
    }

    @Test
    void anUnknownCommandIsOneLine() {
        assertOneLineUserError(Cli.run("replya"), "replya");
    }

    @Test
    void aCooldownThatWouldOverflowIsRefusedWithItsBound() {
        assertOneLineUserError(Cli.run("replay", "--cooldown", "9223372036854775807"),
                "--cooldown must be 0.." + PolicyOptions.MAX_COOLDOWN_MINUTES + " minutes but was 9223372036854775807");
    }

    @Test
    void aSymbolWithASpaceIsOneLineNamingIt() {
        Cli.Result r = Cli.run("live", "--symbol", "BTC USDT", "--model", "../models/demo-btcusdt-1h",
                "--rest-url", "http://127.0.0.1:9", "--ws-url", "ws://127.0.0.1:9");
        assertOneLineUserError(r, "BTC USDT");
    }

    @Test
    void tooManyBackendThreadsAreRefusedWithTheBound() {
        assertOneLineUserError(Cli.run("replay", "--threads", "2000"),
                "--threads must be 0.." + ModelOptions.MAX_THREADS + " (0 = the backend's default) but was 2000");
    }

    @Test
    void liveHelpSaysTheModelIsRequired() {
        Cli.Result r = Cli.run("live", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains(" --model=DIR").doesNotContain("[--model=DIR]");
    }

    @Test
    void anUnknownFeatureSetBlamesTheFlagAndListsTheKnownOnes(@TempDir Path dir) {
        assertOneLineUserError(Cli.run("features", "--candles", "../data/binance/BTCUSDT-1h.csv", "--set", "foo",
                "--out", dir.resolve("f.csv").toString()), "--set: unknown feature set id 'foo' (known: standard28");
    }

    @Test
    void featuresOnAnEmptyFileExits2LikeReplay(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("BTCUSDT-1h.csv"));
        assertOneLineUserError(Cli.run("features", "--candles", empty.toString()), "holds no candles");
        assertOneLineUserError(Cli.run("replay", "--candles", empty.toString()), "holds no candles");
    }

    @Test
    void noArgumentsPrintsUsageToStderrAndExits2() {
        Cli.Result r = Cli.run();
        assertThat(r.status()).isEqualTo(CandleSignalCli.USER_ERROR);
        assertThat(r.err()).contains("Usage: candlesignal").contains("replay");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void versionComesFromTheBuild() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).matches("candlesignal \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
