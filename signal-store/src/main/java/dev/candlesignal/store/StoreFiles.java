package dev.candlesignal.store;

import dev.candlesignal.io.AtomicFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;

/**
 * The store's file-system helpers: small properties files written atomically, fsync of files and directories,
 * recursive deletion and the names of temporary directories. Stateless.
 */
final class StoreFiles {
    /** Prefixes of the store's temporary directories: {@code <prefix><pid>-<16 hex digits>}. */
    static final String STAGING = ".staging-";
    static final String TRASH = ".trash-";
    static final String WORK = ".work-";

    private StoreFiles() {
    }

    /** Writes {@code values} as a properties file, atomically (temporary file, fsync, rename, fsync directory). */
    static void writeProperties(Path file, Map<String, String> values) throws IOException {
        AtomicFile.writeString(file, format(values));
    }

    /** The properties text of {@code values}: sorted keys, JDK escaping, no date comment (same values, same bytes). */
    static String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            out.append(escapeLine(e.getKey(), e.getValue())).append('\n');
        }
        return out.toString();
    }

    /** One {@code key=value} line as {@link Properties#store} escapes it. */
    private static String escapeLine(String key, String value) {
        Properties one = new Properties();
        one.put(key, value);
        StringWriter w = new StringWriter();
        try {
            one.store(w, null);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        for (String line : w.toString().split("\\R")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                return line;
            }
        }
        throw new IllegalStateException("no line for " + key);
    }

    /** Reads a properties file; empty if it does not exist. */
    static Optional<Map<String, String>> readProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) { // a malformed \\uXXXX escape
            throw new IOException(file + " is not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return Optional.of(out);
    }

    /** Flushes a file's content to the device. */
    static void syncFile(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    /** Flushes a directory's entries (creations, renames) to the device, where the platform allows it. */
    static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return; // Windows cannot open a directory; the rename is done all the same
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Deletes a directory tree; a file already gone is not an error. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A fresh temporary name: {@code <prefix><pid>-<16 hex digits>}. */
    static String temporaryName(String prefix) {
        return prefix + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /**
     * Removes the temporary directories (staging, trash, work) under {@code dir} left by processes that are no
     * longer alive; those of live processes (this one included) may belong to an operation in progress and stay.
     *
     * @return how many were removed
     */
    static int removeLeftovers(Path dir, LongPredicate alive) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> isTemporary(p.getFileName().toString()))) {
            for (Path p : entries) {
                Optional<Long> pid = ownerPid(p.getFileName().toString());
                if (pid.isPresent() && !alive.test(pid.get())) {
                    deleteTree(p);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            syncDirectory(dir);
        }
        return removed;
    }

    /** The infix of {@link AtomicFile}'s temporary files: {@code .<name>.tmp-<pid>-<16 hex digits>}. */
    private static final String ATOMIC_TEMP = ".tmp-";

    /** Whether a process is alive: this one always, others as the operating system says. */
    static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid()
                || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static boolean isTemporary(String name) {
        return ownerPid(name).isPresent();
    }

    /**
     * The pid in {@code <prefix><pid>-<16 hex digits>} (the store's staging, trash and work directories) or in
     * {@code .<name>.tmp-<pid>-<16 hex digits>} (a file {@link AtomicFile} was writing), or empty if the name is
     * neither.
     */
    static Optional<Long> ownerPid(String name) {
        String rest;
        if (name.startsWith(STAGING)) {
            rest = name.substring(STAGING.length());
        } else if (name.startsWith(TRASH)) {
            rest = name.substring(TRASH.length());
        } else if (name.startsWith(WORK)) {
            rest = name.substring(WORK.length());
        } else if (name.startsWith(".") && name.lastIndexOf(ATOMIC_TEMP) > 0) {
            rest = name.substring(name.lastIndexOf(ATOMIC_TEMP) + ATOMIC_TEMP.length());
        } else {
            return Optional.empty();
        }
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
