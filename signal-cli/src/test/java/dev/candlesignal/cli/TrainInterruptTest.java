package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C for real: SIGINT to a child JVM that trains; it stops between batches and leaves nothing behind. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class TrainInterruptTest {

    @Test
    void sigintStopsTheTrainingAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("never");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true"));
        for (String property : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CandleSignalCli.class.getName(),
                "train", "--candles", TrainCommandTest.BTC.toString(), "--set", "standard14/takerFlow",
                "--arch", "lstm14", "--to", "2019-09-01", "--sequence-length", "20", "--epochs", "10000",
                "--patience", "10000", "--out", out.toString()));
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder err = new StringBuilder();
        CompletableFuture<Void> trainingRuns = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                    if (line.startsWith("candlesignal: epoch 1/")) {
                        trainingRuns.complete(null);
                    }
                }
            } catch (IOException e) {
                trainingRuns.completeExceptionally(e);
            }
            trainingRuns.completeExceptionally(new AssertionError("the child ended before its first epoch"));
        });
        reader.start();
        try {
            trainingRuns.get(120, TimeUnit.SECONDS);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child stops after SIGINT").isTrue();
            reader.join(10_000);
            String text;
            synchronized (err) {
                text = err.toString();
            }
            assertThat(text).contains("training stopped; nothing was written to " + out);
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.toList()).as("nothing at --out and no temporary directory").isEmpty();
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
