package dev.candlesignal.store;

import static dev.candlesignal.store.Versions.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader in another process ({@link StoreReaderChild}) opens the current version and every listed version, with
 * all hashes checked, over and over while this process saves and promotes new versions: it must never see a
 * half-written version or a pointer to one.
 */
class ModelStoreReaderTest {
    @TempDir
    Path tmp;

    @Test
    void aReaderInAnotherProcessNeverSeesAHalfWrittenVersion() throws Exception {
        Path store = tmp.resolve("store");
        ModelStore s = ModelStore.builder(store).create(true).retention(new Retention(1000, Duration.ZERO)).open();
        s.save(Versions.bundle(tmp, "1", null));
        s.promote(MODEL, "1", "first");

        Path err = Files.createTempFile(tmp, "reader", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                StoreReaderChild.class.getName(), store.toString());
        pb.redirectError(err.toFile());
        Process reader = pb.start();
        // a reader that stops answering ends the test (its output closes) instead of hanging it
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!reader.waitFor(3, TimeUnit.MINUTES)) {
                    reader.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                StandardCharsets.UTF_8));
                PrintWriter control = new PrintWriter(new OutputStreamWriter(reader.getOutputStream(),
                        StandardCharsets.UTF_8), true)) {
            assertThat(out.readLine()).as("stderr: %s", Files.readString(err)).isEqualTo("started");
            for (int v = 2; v <= 30; v++) {
                s.save(Versions.bundle(tmp, Integer.toString(v), Integer.toString(v - 1)));
                s.promote(MODEL, Integer.toString(v), "next");
                // the next save starts once the reader has read this version: its reads overlap every save and
                // promotion however the two processes are scheduled
                String line;
                do {
                    line = out.readLine();
                    assertThat(line).as("reader output after promoting %s; stderr: %s", v, Files.readString(err))
                            .isNotNull().doesNotStartWith("FAIL");
                } while (!line.equals("seen " + v));
            }
            control.println("stop");
            String result = out.readLine();
            assertThat(reader.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(result).as("stderr: %s", Files.readString(err)).startsWith("ok ");
            String[] parts = result.split(" ");
            assertThat(Long.parseLong(parts[1])).as("reads").isPositive();
            // every promoted version 2..30 (version 1 too when the reader's first read came before the first save)
            assertThat(Long.parseLong(parts[2])).as("distinct current versions seen: %s", result)
                    .isBetween(29L, 30L);
            assertThat(reader.exitValue()).isZero();
        } finally {
            reader.destroyForcibly();
            watchdog.interrupt();
        }
    }
}
