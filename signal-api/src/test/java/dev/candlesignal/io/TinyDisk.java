package dev.candlesignal.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A really full disk: a 64 KiB tmpfs mounted on a directory of the test. Mounting needs root on Linux; elsewhere
 * the test using it is skipped with the reason (the injected full disk of {@link FaultyOps} covers the same path
 * everywhere).
 */
final class TinyDisk implements AutoCloseable {
    final Path dir;

    private TinyDisk(Path dir) {
        this.dir = dir;
    }

    static TinyDisk mount(Path parent) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve("tiny"));
        boolean mounted = false;
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            mounted = false;
        }
        assumeTrue(mounted, "a tiny tmpfs cannot be mounted here (needs Linux and root); the injected full disk"
                + " covers this case");
        return new TinyDisk(dir);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
