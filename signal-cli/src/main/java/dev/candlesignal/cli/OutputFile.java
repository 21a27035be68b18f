package dev.candlesignal.cli;

import dev.candlesignal.io.AtomicOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A file a command writes ({@code --out}): the one place for the rules every output of the app follows.
 * <ul>
 *   <li><b>Never over an input.</b> An output that is the same file as one of the command's inputs (the same
 *       path, another spelling of it, a symbolic or a hard link to it) is refused before anything is read or
 *       written, with one line naming both. Sameness is file identity ({@link Files#isSameFile}), not the
 *       strings: an output that does not exist yet cannot be an existing input.</li>
 *   <li><b>Atomic.</b> The content goes to a temporary file next to the target ({@link AtomicOutput}) and replaces
 *       the target only on {@link #commit()}; a run that fails or is killed leaves the previous file as it
 *       was.</li>
 *   <li><b>Checked first.</b> Opening creates the temporary file, so a missing or read-only directory is a user
 *       error before any work (a download) starts.</li>
 *   <li><b>{@code .gz}</b>: a name ending in {@code .gz} is written gzip-compressed, as the readers expect.</li>
 *   <li><b>Interrupted</b> (Ctrl-C, SIGTERM): the temporary file is removed on the way out; only SIGKILL or a
 *       crash leaves one behind.</li>
 * </ul>
 *
 * <p>Not thread-safe; one command uses it on one thread.
 */
final class OutputFile implements AutoCloseable {
    private final String shown;
    private final AtomicOutput output;
    private final GZIPOutputStream gzip;
    private final Writer writer;
    private final Thread onInterrupt;

    private OutputFile(Path target, AtomicOutput output) throws IOException {
        this.shown = target.toString();
        this.output = output;
        OutputStream stream = output.stream();
        boolean gzipped = target.getFileName() != null && target.getFileName().toString().endsWith(".gz");
        this.gzip = gzipped ? new GZIPOutputStream(stream, 1 << 16) : null;
        this.writer = new BufferedWriter(new OutputStreamWriter(gzip == null ? stream : gzip, StandardCharsets.UTF_8),
                1 << 16);
        // Ctrl-C or SIGTERM ends the JVM without closing anything: remove the temporary file then, rather than
        // leaving it for the next write (racing a commit is harmless: deleting after the rename finds nothing,
        // deleting before it makes the rename fail and the target stay as it was)
        Path temp = output.temporaryFile();
        this.onInterrupt = new Thread(() -> {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the process is ending; the next write of the target removes the leftover
            }
        }, "candlesignal-remove-temporary");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
    }

    /**
     * Refuses an output that is one of {@code inputs}, then starts writing it.
     *
     * @param option the output's option, e.g. {@code --out}
     * @param inputs the command's input files by option, e.g. {@code --candles}
     * @throws CandleSignalCli.UserError if the output is an input, or its directory is missing or not writable
     */
    static OutputFile open(String option, Path target, Map<String, Path> inputs) {
        refuseInputs(option, target, inputs);
        try {
            AtomicOutput atomic = AtomicOutput.open(target);
            try {
                return new OutputFile(target, atomic);
            } catch (IOException | RuntimeException e) {
                atomic.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new CandleSignalCli.UserError("cannot write " + target + ": no such directory " + e.getFile(), e);
        } catch (AccessDeniedException e) {
            throw new CandleSignalCli.UserError("cannot write " + target + ": permission denied in directory "
                    + e.getFile(), e);
        } catch (FileSystemException e) {
            throw new CandleSignalCli.UserError("cannot write " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails with one line if {@code output} is the same file as one of {@code inputs}.
     *
     * @throws CandleSignalCli.UserError naming both paths
     */
    static void refuseInputs(String option, Path output, Map<String, Path> inputs) {
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            Path input = in.getValue();
            boolean same;
            try {
                same = Files.exists(output) && Files.exists(input) && Files.isSameFile(output, input);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compare " + output + " with " + input + ": " + e.getMessage(),
                        e);
            }
            if (same) {
                throw new CandleSignalCli.UserError(option + " " + output + " is the same file as " + in.getKey() + " "
                        + input + "; refusing to write over an input (choose another output file)");
            }
        }
    }

    /** The content's writer (UTF-8, buffered). Closing it does not commit. */
    Writer writer() {
        return writer;
    }

    /** Flushes everything (and ends the gzip stream), then replaces the target. */
    void commit() {
        try {
            writer.flush();
            if (gzip != null) {
                gzip.finish();
            }
            output.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + shown + ": " + e.getMessage(), e);
        }
    }

    /** Discards the content unless committed: the target stays as it was. */
    @Override
    public void close() {
        output.close();
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway and finds nothing to delete
        }
    }

    /** An I/O failure while writing the content, as the one line the user sees. */
    UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("cannot write " + shown + ": " + e.getMessage(), e);
    }
}
