package dev.candlesignal.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Objects;

/**
 * One replacement of a file, committed explicitly: the bytes go to a temporary file in the target's directory,
 * and {@link #commit()} flushes and fsyncs it, renames it over the target ({@code ATOMIC_MOVE}; a plain replacing
 * move only where the file system cannot rename atomically) and fsyncs the directory where the platform allows
 * it. {@link #close()} without a commit discards the temporary file and leaves the target exactly as it was.
 *
 * {@snippet :
 * try (AtomicOutput out = AtomicOutput.open(Path.of("features.csv"))) {
 *     Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
 *     w.write("open_time,rsi_14\n");
 *     // ... a failure here leaves features.csv as it was
 *     w.flush();
 *     out.commit();
 * }
 * }
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Failure</b>: if the body, a write, the flush, the fsync or the rename fails, or the thread is
 *       interrupted, the target keeps its old content (or stays absent), the temporary file is deleted, and the
 *       failure propagates. The one exception is a failure to fsync the directory <em>after</em> the rename:
 *       the target then holds the new content, and the {@link IOException} says so.</li>
 *   <li><b>Crash</b> (the process is killed, the machine loses power): readers see the old file or the complete
 *       new one, never a mixture or a truncated file; after {@link #commit()} has returned, the new content is
 *       on the device (on file systems that honour fsync).</li>
 *   <li><b>Leftovers</b>: a process killed before its commit leaves its temporary file behind, named
 *       {@code .<name>.tmp-<pid>-<random>} next to the target. Such files are garbage and can always be removed
 *       by hand; {@link #open} removes those of the same target whose process is no longer alive.</li>
 *   <li><b>What is replaced</b>: a symbolic link is followed, and the file it points to is replaced (the link
 *       stays a link). The new file gets the old one's POSIX permissions where the file system has them. A file
 *       with several hard links is replaced under this name only: the other names keep the old content, as
 *       with any replace-by-rename.</li>
 *   <li><b>Concurrent writers</b> of the same target each write their own temporary file; the last commit wins
 *       and no reader ever sees a mixture.</li>
 * </ul>
 *
 * <p>Not thread-safe: confine an instance (and its {@link #stream()}) to one thread. Different instances may be
 * used from different threads.
 */
public final class AtomicOutput implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private static final int MAX_LINK_HOPS = 40;

    private enum State { OPEN, COMMITTED, DISCARDED }

    private final Path target;
    private final Path file;
    private final Path temp;
    private final FileOps ops;
    private final FileChannel channel;
    private final BufferedOutputStream buffered;
    private final OutputStream stream;
    private State state = State.OPEN;

    private AtomicOutput(Path target, Path file, Path temp, FileOps ops, FileChannel channel) {
        this.target = target;
        this.file = file;
        this.temp = temp;
        this.ops = ops;
        this.channel = channel;
        this.buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        this.stream = new Stream();
    }

    /**
     * Starts replacing {@code target}: creates the temporary file next to it, so a directory that is missing or
     * cannot be written is reported here, before any content is produced.
     *
     * @throws NoSuchFileException if the target's directory does not exist (naming the directory)
     * @throws AccessDeniedException if the directory cannot be written (naming the directory)
     * @throws FileSystemException if the target is a directory, or the directory cannot take a new file for
     *     another reason (a read-only file system, ...), naming the path at fault
     * @throws IOException for other I/O failures
     */
    public static AtomicOutput open(Path target) throws IOException {
        return open(target, FileOps.SYSTEM);
    }

    static AtomicOutput open(Path target, FileOps ops) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(ops, "ops");
        Path file = followLinks(target.toAbsolutePath());
        Path dir = file.getParent();
        if (file.getFileName() == null || dir == null) {
            throw new FileSystemException(target.toString(), null, "is not a file name");
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        }
        AtomicFile.removeLeftovers(file);
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(AtomicFile.temporaryName(file));
            FileChannel channel;
            try {
                channel = ops.create(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;  // a random name taken: draw another
                }
                throw e;
            } catch (AccessDeniedException e) {
                throw withCause(new AccessDeniedException(dir.toString(), null,
                        "permission denied (cannot create a file in this directory)"), e);
            } catch (FileSystemException e) {
                throw withCause(new FileSystemException(dir.toString(), null, "cannot create a file in this directory"
                        + (e.getReason() == null ? "" : ": " + e.getReason())), e);
            }
            return new AtomicOutput(target, file, temp, ops, channel);
        }
    }

    /** The file that {@link #commit()} replaces: the target with symbolic links followed, absolute. */
    public Path file() {
        return file;
    }

    /** The temporary file being written (for diagnostics; it is gone after commit or close). */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * The content's stream, buffered. Closing it only flushes it (so wrapping writers may be closed before
     * {@link #commit()}); writing after a commit or discard fails.
     */
    public OutputStream stream() {
        return stream;
    }

    /**
     * Flushes the content, fsyncs it, renames it over the target and fsyncs the directory. On failure the
     * temporary file is deleted and the target is unchanged (see the class comment for the one exception).
     *
     * @throws IllegalStateException if already committed or closed
     * @throws IOException if the content cannot be flushed, synced or renamed
     */
    public void commit() throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot commit " + target + ": already "
                    + (state == State.COMMITTED ? "committed" : "discarded"));
        }
        try {
            buffered.flush();
            channel.force(true);
            channel.close();
            copyPermissions();
            ops.replace(temp, file);
            state = State.COMMITTED;
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
        try {
            ops.syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new IOException(target + " was replaced, but its directory could not be synced, so a power loss"
                    + " may still bring back the old content: " + e.getMessage(), e);
        }
    }

    /**
     * Discards the content unless committed: closes and deletes the temporary file, leaving the target as it
     * was. Idempotent; never throws (a temporary file that cannot be deleted stays behind as a leftover).
     */
    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        state = State.DISCARDED;
        try {
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // discarding: the content is not wanted, and the file is deleted next
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException ignored) {
            // stays behind under its recognisable name; removed by the next write of the target
        }
    }

    @Override
    public String toString() {
        return "AtomicOutput[" + target + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    private void copyPermissions() throws IOException {
        if (Files.exists(file) && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
        }
    }

    /** The path a chain of symbolic links ends at; a dangling link's destination is where the file goes. */
    private static Path followLinks(Path path) throws IOException {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINK_HOPS) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    private static <E extends IOException> E withCause(E e, IOException cause) {
        e.initCause(cause);
        return e;
    }

    private final class Stream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            buffered.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            buffered.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (state == State.OPEN) {
                buffered.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void ensureOpen() throws IOException {
            if (state != State.OPEN) {
                throw new IOException("the output to " + target + " is already "
                        + (state == State.COMMITTED ? "committed" : "discarded"));
            }
        }
    }
}
