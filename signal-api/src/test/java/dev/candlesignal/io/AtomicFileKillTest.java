package dev.candlesignal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer for real: a child JVM replacing an 8 MiB file is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at several points, from the first chunk to the moment of the commit, and
 * the file must then hold either the old content or the complete new one, never a part. The child reports each
 * step on stdout and waits for the parent before the next, so every kill lands at a known point; one run is
 * left unpaced so the kill races the writer.
 */
class AtomicFileKillTest {
    private static final int CHUNKS = 128;
    private static final byte[] OLD = "old content that must survive\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aWriterKilledAtAnyPointLeavesTheOldFileOrTheCompleteNewOne() throws Exception {
        byte[] complete = expected();
        Path target = dir.resolve("big.bin");
        // kill after this many chunks; CHUNKS means after the last chunk, just before the commit
        for (int killAfter : new int[] {1, 17, 64, 127, CHUNKS}) {
            Files.write(target, OLD);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runAndKill(target, killAfter, true));
            assertThat(Files.readAllBytes(target)).as("killed after chunk %d", killAfter).isEqualTo(OLD);
            assertThat(leftovers()).as("the killed child's temporary file").hasSize(1);
        }
        // unpaced: the kill races the writer and may land after the commit
        Files.write(target, OLD);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runAndKill(target, 40, false));
        byte[] after = Files.readAllBytes(target);
        assertThat(Arrays.equals(after, OLD) || Arrays.equals(after, complete))
                .as("old or complete new content, never a part (%d bytes)", after.length).isTrue();

        // the next write of the same target removes the temporaries of the dead children
        AtomicFile.write(target, s -> s.write(complete));
        assertThat(Files.readAllBytes(target)).isEqualTo(complete);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnkilledChildReplacesTheFile() throws Exception {
        Path target = dir.resolve("big.bin");
        Files.write(target, OLD);
        Process child = start(target);
        try (PrintWriter control = control(child)) {
            control.println("run");
        }
        assertThat(child.waitFor()).as(new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(expected());
        assertThat(leftovers()).isEmpty();
    }

    /** Starts the child, lets it write {@code killAfter} chunks (paced) or run free, then kills it with SIGKILL. */
    private void runAndKill(Path target, int killAfter, boolean paced) throws Exception {
        Process child = start(target);
        try (PrintWriter control = control(child);
                BufferedReader progress = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
            control.println(paced ? "go" : "run");
            String wanted = "wrote " + killAfter;
            String line;
            while ((line = progress.readLine()) != null && !line.equals(wanted)) {
                if (paced) {
                    control.println("go");
                }
            }
            assertThat(line).as("the child reported %s", wanted).isEqualTo(wanted);
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }
    }

    private Process start(Path target) throws IOException, URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = codeSource(AtomicWriteChild.class) + File.pathSeparator + codeSource(AtomicOutput.class);
        return new ProcessBuilder(java, "-cp", cp, AtomicWriteChild.class.getName(), target.toString(),
                String.valueOf(CHUNKS)).start();
    }

    private static PrintWriter control(Process child) {
        return new PrintWriter(new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8), true);
    }

    private static String codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static byte[] expected() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream(CHUNKS * AtomicWriteChild.CHUNK);
        for (int i = 0; i < CHUNKS; i++) {
            all.write(AtomicWriteChild.chunk(i));
        }
        return all.toByteArray();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".big.bin.tmp-")).toList();
        }
    }
}
