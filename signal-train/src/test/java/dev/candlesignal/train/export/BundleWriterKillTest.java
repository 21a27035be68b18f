package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.candlesignal.model.Models;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a bundle writer for real: a child JVM ({@link BundleWriteChild}) is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) after it wrote {@code model.onnx} and again after it verified the complete
 * bundle, just before the rename. Each time there is no target, only the child's temporary directory, and the next
 * write into the same parent (the second child's, then this JVM's) removes it. (That the child reached its last
 * checkpoint shows it works; a normal write is {@link BundleWriterTest}'s.)
 */
class BundleWriterKillTest {

    @TempDir
    Path parent;

    @Test
    void aWriterKilledBeforeItsRenameLeavesNoTargetAndItsLeftoversAreRemovedByTheNextWrite() throws Exception {
        for (String step : List.of("model.onnx", "verified")) {
            Path target = parent.resolve("killed-at-" + step);
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> runAndKill(target, step));
            assertThat(target).as("killed at %s", step).doesNotExist();
            // only this child's temporary directory: the second child's write removed the first one's
            assertThat(entries()).as("after the kill at %s", step)
                    .singleElement().asString().startsWith("." + target.getFileName() + BundleWriter.TEMP_INFIX);
        }
        ExportFixture f = ExportFixture.load("tiny-lstm28");
        BundleWriter.verifyingWith(Models.of(List.of()))
                .write(f.weights(3), Manifests.builder(f.inputSize(), f.sequenceLength()), parent.resolve("next"));
        assertThat(entries()).containsExactly("next");
    }

    private void runAndKill(Path target, String step) throws Exception {
        Process child = start(target);
        try (PrintWriter control = control(child);
                BufferedReader out = reader(child)) {
            String wanted = "at " + step;
            String line;
            while ((line = out.readLine()) != null && !line.equals(wanted)) {
                control.println("go");
            }
            assertThat(line).as("the child reached %s", step).isEqualTo(wanted);
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The child with this JVM's class path and DJL settings (offline, the build's libtorch cache). */
    private static Process start(Path target) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        for (String key : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
            String value = System.getProperty(key);
            if (value != null) {
                command.add("-D" + key + "=" + value);
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add(BundleWriteChild.class.getName());
        command.add(target.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static PrintWriter control(Process child) {
        return new PrintWriter(new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8), true);
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }
}
