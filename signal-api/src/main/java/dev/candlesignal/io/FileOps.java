package dev.candlesignal.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file-system calls {@link AtomicOutput} makes, in one seam so tests can inject a failure at each step (a
 * channel that fails to write, force or close; a rename that fails). Production code uses {@link #SYSTEM}.
 *
 * <p>Implementations are stateless or thread-safe.
 */
interface FileOps {

    /** Creates {@code temp}, which must not exist, for writing. */
    FileChannel create(Path temp) throws IOException;

    /**
     * Renames {@code source} over {@code target} atomically; only where the file system cannot
     * ({@link AtomicMoveNotSupportedException}) by a plain replacing move.
     */
    void replace(Path source, Path target) throws IOException;

    /**
     * Flushes {@code dir}'s entries (the rename) to the device. Returns quietly where the platform cannot open a
     * directory for that (Windows); an I/O error of the flush itself is thrown.
     */
    void syncDirectory(Path dir) throws IOException;

    /** The real file system. */
    FileOps SYSTEM = new FileOps() {
        @Override
        public FileChannel create(Path temp) throws IOException {
            return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void replace(Path source, Path target) throws IOException {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            FileChannel channel;
            try {
                channel = FileChannel.open(dir, StandardOpenOption.READ);
            } catch (IOException | UnsupportedOperationException e) {
                return;  // not supported here (Windows cannot open a directory); the rename itself is done
            }
            try (channel) {
                channel.force(true);
            }
        }

        @Override
        public String toString() {
            return "FileOps.SYSTEM";
        }
    };
}
