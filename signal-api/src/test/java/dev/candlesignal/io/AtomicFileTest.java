package dev.candlesignal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    private static final byte[] OLD = "open_time,close\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BIG = "x".repeat(300_000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void writesANewFileAndReplacesAnOldOneLeavingNoTemporary() throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicFile.writeString(f, "first\n");
        assertThat(Files.readString(f)).isEqualTo("first\n");
        AtomicFile.writeText(f, w -> w.write("second\n"));
        assertThat(Files.readString(f)).isEqualTo("second\n");
        AtomicFile.write(f, s -> s.write(BIG));
        assertThat(Files.readAllBytes(f)).isEqualTo(BIG);
        assertThat(names()).containsExactly("out.csv");
    }

    @Test
    void aBodyThatThrowsMidwayLeavesTheOldFileByteForByte() throws IOException {
        Path f = old("out.csv");
        assertThatThrownBy(() -> AtomicFile.write(f, s -> {
            s.write(BIG);
            s.flush();  // the partial content has reached the temporary file
            throw new IOException("the producer died");
        })).hasMessage("the producer died");
        assertUnchanged(f);

        assertThatThrownBy(() -> AtomicFile.writeText(f, w -> {
            w.write("half a row,");
            throw new UncheckedIOException(new IOException("boom"));
        })).isInstanceOf(UncheckedIOException.class);
        assertUnchanged(f);

        assertThatThrownBy(() -> AtomicFile.writeText(f, w -> {
            throw new IllegalStateException("a feature set the data cannot serve");
        })).isInstanceOf(IllegalStateException.class);
        assertUnchanged(f);
    }

    @Test
    void closingWithoutCommitDiscards() throws IOException {
        Path f = old("out.csv");
        try (AtomicOutput out = AtomicOutput.open(f)) {
            out.stream().write(BIG);
            out.stream().close();  // closing the stream only flushes
            assertThat(Files.size(out.temporaryFile())).isEqualTo(BIG.length);
        }
        assertUnchanged(f);
    }

    @Test
    void aFullDiskFailsTheWriteAndKeepsTheOldFile() throws IOException {
        FaultyOps ops = new FaultyOps();
        ops.writeLimit = 100_000;
        assertInjectedFailureKeepsTheOldFile(ops, "No space left on device");
    }

    @Test
    void aFailedFsyncKeepsTheOldFile() throws IOException {
        FaultyOps ops = new FaultyOps();
        ops.failForce = true;
        assertInjectedFailureKeepsTheOldFile(ops, "fsync failed");
    }

    @Test
    void aFailedCloseKeepsTheOldFile() throws IOException {
        FaultyOps ops = new FaultyOps();
        ops.failClose = true;
        assertInjectedFailureKeepsTheOldFile(ops, "close failed");
    }

    @Test
    void aFailedRenameKeepsTheOldFile() throws IOException {
        FaultyOps ops = new FaultyOps();
        ops.failRename = true;
        assertInjectedFailureKeepsTheOldFile(ops, "rename failed");
    }

    @Test
    void aFailedDirectorySyncAfterTheRenameSaysTheFileWasReplaced() throws IOException {
        Path f = old("out.csv");
        FaultyOps ops = new FaultyOps();
        ops.failDirectorySync = true;
        try (AtomicOutput out = AtomicOutput.open(f, ops)) {
            out.stream().write(BIG);
            assertThatThrownBy(out::commit).isInstanceOf(IOException.class)
                    .hasMessageContaining("was replaced, but its directory could not be synced");
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(BIG);
        assertThat(names()).containsExactly("out.csv");
    }

    @Test
    void aReallyFullDiskKeepsTheOldFile() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(dir)) {
            Path f = disk.dir.resolve("out.csv");
            Files.write(f, OLD);
            assertThatThrownBy(() -> AtomicFile.write(f, s -> s.write(BIG)))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
            assertThat(Files.readAllBytes(f)).isEqualTo(OLD);
            try (Stream<Path> files = Files.list(disk.dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out.csv");
            }
        }
    }

    @Test
    void anInterruptedWriterKeepsTheOldFile() throws IOException {
        Path f = old("out.csv");
        try {
            assertThatThrownBy(() -> AtomicFile.write(f, s -> {
                Thread.currentThread().interrupt();
                s.write(BIG);
            })).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }
        assertUnchanged(f);
    }

    @Test
    void usingTheOutputAfterCommitOrTwiceFails() throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicOutput out = AtomicOutput.open(f);
        OutputStream s = out.stream();
        s.write(1);
        out.commit();
        assertThatThrownBy(() -> s.write(2)).isInstanceOf(IOException.class).hasMessageContaining("already committed");
        assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class);
        out.close();
        assertThat(Files.readAllBytes(f)).containsExactly(1);
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path real = old("real.csv");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real.getFileName());
        AtomicFile.writeString(link, "new\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), Path.of("made.csv"));
        AtomicFile.writeString(dangling, "made\n");
        assertThat(Files.readString(dir.resolve("made.csv"))).isEqualTo("made\n");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
    }

    @Test
    void thePermissionsOfTheOldFileAreKept() throws IOException {
        Path f = old("secret.csv");
        assumeTrue(Files.getFileStore(f).supportsFileAttributeView("posix"), "no POSIX permissions here");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.writeString(f, "new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }

    @Test
    void aMissingDirectoryOrADirectoryTargetIsNamed() {
        Path missing = dir.resolve("no/such");
        assertThatThrownBy(() -> AtomicFile.writeString(missing.resolve("x.csv"), "x"))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("no such directory");
        assertThatThrownBy(() -> AtomicFile.writeString(dir, "x"))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("is a directory");
    }

    @Test
    void aReadOnlyDirectoryIsPermissionDeniedNamingTheDirectory() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assumeTrue(Files.getFileStore(ro).supportsFileAttributeView("posix"), "no POSIX permissions here");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "running as root: a read-only mode does not stop writes");
            assertThatThrownBy(() -> AtomicOutput.open(ro.resolve("x.csv")))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessage(ro + ": permission denied (cannot create a file in this directory)");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void leftoversOfDeadProcessesAreRemovedOthersKept() throws IOException {
        Path f = old("out.csv");
        long deadPid = deadPid();
        Path dead = Files.writeString(dir.resolve(".out.csv.tmp-" + deadPid + "-0123456789abcdef"), "partial");
        Path mine = Files.writeString(dir.resolve(".out.csv.tmp-" + ProcessHandle.current().pid()
                + "-0123456789abcdef"), "in progress");
        Path other = Files.writeString(dir.resolve(".other.csv.tmp-" + deadPid + "-0123456789abcdef"), "x");
        Path odd = Files.writeString(dir.resolve(".out.csv.tmp-notmine"), "x");
        AtomicFile.writeString(f, "new\n");
        assertThat(dead).doesNotExist();
        assertThat(mine).exists();
        assertThat(other).exists();
        assertThat(odd).exists();
    }

    private void assertInjectedFailureKeepsTheOldFile(FaultyOps ops, String message) throws IOException {
        Path f = old("out.csv");
        try (AtomicOutput out = AtomicOutput.open(f, ops)) {
            assertThatThrownBy(() -> {
                out.stream().write(BIG);
                out.commit();
            }).isInstanceOf(IOException.class).hasMessageContaining(message);
        }
        assertUnchanged(f);
        assertThat(ops.createdTemp).doesNotExist();
    }

    /** A pid no process has now. */
    private static long deadPid() {
        for (long pid = 4_000_000; ; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }

    private Path old(String name) throws IOException {
        return Files.write(dir.resolve(name), OLD);
    }

    private void assertUnchanged(Path f) throws IOException {
        assertThat(Files.readAllBytes(f)).isEqualTo(OLD);
        assertThat(names()).as("no temporary file is left behind").containsExactly(f.getFileName().toString());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
