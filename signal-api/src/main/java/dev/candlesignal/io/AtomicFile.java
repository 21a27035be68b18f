package dev.candlesignal.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes whole files atomically: the one way this project writes a file. Each method replaces the target only
 * when the body has run to completion and the content is flushed and synced; if the body throws, a write fails,
 * or the process dies, the old file stays exactly as it was. See {@link AtomicOutput} for the guarantees, the
 * handling of symbolic and hard links, and the temporary files ({@code .<name>.tmp-<pid>-<random>}) that a
 * killed process leaves behind, which can be deleted at any time.
 *
 * {@snippet :
 * AtomicFile.writeText(Path.of("signals.csv"), w -> {
 *     w.write("time,action\n");
 *     w.write("2024-01-01T00:00:00Z,BUY\n");
 * });
 * }
 *
 * <p>Stateless and thread-safe; concurrent writes of the same target each replace it whole, the last one
 * winning.
 */
public final class AtomicFile {
    private static final String TEMP_INFIX = ".tmp-";
    /** Keeps the temporary name within the 255 bytes most file systems allow for a name. */
    private static final int MAX_NAME_PART = 100;

    private AtomicFile() {
    }

    /**
     * Replaces {@code target} with the bytes {@code body} writes to the stream it is given (buffered; closing it
     * is allowed and only flushes).
     *
     * @throws IOException if the target cannot be written (see {@link AtomicOutput#open}) or the body or the
     *     commit fails; the target is then unchanged
     */
    public static void write(Path target, IoConsumer<? super OutputStream> body) throws IOException {
        Objects.requireNonNull(body, "body");
        try (AtomicOutput out = AtomicOutput.open(target)) {
            body.accept(out.stream());
            out.commit();
        }
    }

    /** Like {@link #write}, with a UTF-8 writer; the writer is flushed before the commit. */
    public static void writeText(Path target, IoConsumer<? super Writer> body) throws IOException {
        Objects.requireNonNull(body, "body");
        try (AtomicOutput out = AtomicOutput.open(target)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8));
            body.accept(writer);
            writer.flush();
            out.commit();
        }
    }

    /** Replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, CharSequence text) throws IOException {
        Objects.requireNonNull(text, "text");
        writeText(target, w -> w.append(text));
    }

    /** A fresh temporary name for {@code file}: {@code .<name>.tmp-<pid>-<16 hex digits>}. */
    static String temporaryName(Path file) {
        return prefix(file) + ProcessHandle.current().pid() + "-"
                + String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    /**
     * Deletes the temporary files of {@code file} left by processes that are no longer alive. Best effort: a
     * leftover that cannot be listed or deleted stays. Those of this process and of live processes are kept, as
     * they may belong to a write in progress.
     */
    static void removeLeftovers(Path file) {
        String prefix = prefix(file);
        long self = ProcessHandle.current().pid();
        DirectoryStream.Filter<Path> mine = p -> p.getFileName().toString().startsWith(prefix);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), mine)) {
            for (Path p : entries) {
                Optional<Long> pid = ownerPid(p.getFileName().toString().substring(prefix.length()));
                if (pid.isPresent() && pid.get() != self
                        && !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // cleaning up is a courtesy; the write itself does not depend on it
        }
    }

    private static String prefix(Path file) {
        String name = file.getFileName().toString();
        return "." + (name.length() > MAX_NAME_PART ? name.substring(0, MAX_NAME_PART) : name) + TEMP_INFIX;
    }

    /** The pid in {@code <pid>-<16 hex digits>}, or empty if the rest of the name is not of that form. */
    private static Optional<Long> ownerPid(String rest) {
        int dash = rest.indexOf('-');
        if (dash <= 0 || rest.length() - dash - 1 != 16) {
            return Optional.empty();
        }
        try {
            Long.parseUnsignedLong(rest.substring(dash + 1), 16);
            return Optional.of(Long.parseLong(rest.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
