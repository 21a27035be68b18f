package dev.candlesignal.store;

import static dev.candlesignal.store.Versions.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.store.ModelStoreException.Reason;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path tmp;

    private final TestClock clock = new TestClock(T0);

    private ModelStore store() {
        return ModelStore.builder(tmp.resolve("store")).clock(clock).create(true).open();
    }

    @Test
    void aNewStoreHasAMarkerAndNoModels() throws IOException {
        ModelStore store = store();
        assertThat(Files.readString(tmp.resolve("store").resolve(ModelStore.MARKER)))
                .isEqualTo("format=candlesignal-model-store\nformatVersion=1\n");
        assertThat(store.modelIds()).isEmpty();
        assertThat(store.current(MODEL)).isEmpty();
        assertThat(ModelStore.open(tmp.resolve("store")).modelIds()).isEmpty();
    }

    @Test
    void savesVersionsThatReadBackVerifiedAndPromotesThem() {
        ModelStore store = store();
        StoredVersion v1 = store.save(Versions.bundle(tmp, "1", null));
        clock.advance(Duration.ofHours(1));
        StoredVersion v2 = store.save(Versions.bundle(tmp, "2", "1"));

        assertThat(store.modelIds()).containsExactly(MODEL);
        assertThat(store.versions(MODEL)).extracting(StoredVersion::version).containsExactly("1", "2");
        assertThat(v2.savedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(v2.parentVersion()).contains("1");
        assertThat(store.current(MODEL)).as("saving does not change what serves").isEmpty();

        Pointer p1 = store.promote(MODEL, "1", "first model");
        assertThat(p1.previous()).isEmpty();
        clock.advance(Duration.ofHours(1));
        Pointer p2 = store.promote(MODEL, "2", "promoted by retraining");
        assertThat(p2).isEqualTo(new Pointer("2", Optional.of("1"), T0.plus(Duration.ofHours(2)),
                "promoted by retraining"));
        assertThat(store.current(MODEL)).map(StoredVersion::version).contains("2");
        assertThat(store.promote(MODEL, "2", "again")).as("promoting the current one changes nothing").isEqualTo(p2);

        ModelBundle opened = store.openCurrent(MODEL);
        assertThat(opened.directory()).isEqualTo(v2.directory());
        assertThat(opened.manifest()).isEqualTo(v2.manifest());
        assertThat(store.open(MODEL, "1").manifest()).isEqualTo(v1.manifest());
        // a second instance (another process) sees the same
        assertThat(ModelStore.openReadOnly(tmp.resolve("store")).current(MODEL)).map(StoredVersion::version)
                .contains("2");
    }

    @Test
    void versionsAreImmutable() {
        ModelStore store = store();
        store.save(Versions.bundle(tmp, "1", null));
        Path again = Versions.bundle(tmp, "1", null);
        assertThatThrownBy(() -> store.save(again)).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_EXISTS)).hasMessageContaining("v1");
    }

    @Test
    void anInvalidBundleIsRefusedAndLeavesNothingBehind() throws IOException {
        ModelStore store = store();
        Path bad = Versions.bundle(tmp, "3", null);
        Files.write(bad.resolve("model.onnx"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> store.save(bad)).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_BUNDLE)).hasMessageContaining(bad.toString());
        assertThat(store.versions(MODEL)).isEmpty();
        assertThat(hiddenEntries(tmp.resolve("store"))).containsExactly(".lock");
        assertThatThrownBy(() -> store.save(tmp.resolve("nothing"))).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("no model bundle");
    }

    @Test
    void openChecksTheWeightsAndTheManifestAgainstWhatWasSaved() throws IOException {
        ModelStore store = store();
        StoredVersion v = store.save(Versions.bundle(tmp, "1", null));
        Path onnx = v.directory().resolve("model.onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[bytes.length / 2] ^= 1;
        Files.write(onnx, bytes);
        assertThatThrownBy(() -> store.open(MODEL, "1")).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_VERSION)).hasMessageContaining("SHA-256")
                .hasMessageContaining("model.onnx");
        assertThatThrownBy(() -> store.promote(MODEL, "1", "x")).isInstanceOf(ModelStoreException.class);

        StoredVersion v2 = store.save(Versions.bundle(tmp, "2", null));
        Path manifest = v2.directory().resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"val_log_loss\"", "\"val_log_loss_x\""));
        assertThatThrownBy(() -> store.open(MODEL, "2")).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_VERSION))
                .hasMessageContaining("manifest.json has SHA-256");
    }

    @Test
    void rollbackServesAKeptVersionAgain() {
        ModelStore store = store();
        assertThatThrownBy(() -> store.rollback(MODEL, "1")).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND)).hasMessageContaining("no current version");
        for (int v = 1; v <= 3; v++) {
            store.save(Versions.bundle(tmp, Integer.toString(v), v == 1 ? null : Integer.toString(v - 1)));
            store.promote(MODEL, Integer.toString(v), "trained");
        }
        Pointer p = store.rollback(MODEL, "1");
        assertThat(p.version()).isEqualTo("1");
        assertThat(p.previous()).contains("3");
        assertThat(p.reason()).isEqualTo("rollback from v3 to v1");
        assertThatThrownBy(() -> store.rollback(MODEL, "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serves already");
        assertThatThrownBy(() -> store.rollback(MODEL, "9")).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND)).hasMessageContaining("kept: 1, 2, 3");
    }

    @Test
    void pruneKeepsTheLastNTheYoungAndTheCurrentWithItsParent() {
        ModelStore store = store();
        // ten versions a day apart: v1 on day 0 ... v10 on day 9
        for (int v = 1; v <= 10; v++) {
            store.save(Versions.bundle(tmp, Integer.toString(v), v == 1 ? null : Integer.toString(v - 1)));
            clock.advance(Duration.ofDays(1));
        }
        // now day 10: v5..v10 are younger than 7 days (ages 6..1 days; v4 is 7 days old), v6..v10 the last five
        store.promote(MODEL, "3", "serves"); // its parent is v2
        assertThat(store.prune(MODEL)).containsExactly("1", "4");
        assertThat(store.versions(MODEL)).extracting(StoredVersion::version)
                .containsExactly("2", "3", "5", "6", "7", "8", "9", "10");

        clock.advance(Duration.ofDays(30));
        store.promote(MODEL, "10", "serves");
        assertThat(store.prune(MODEL)).containsExactly("2", "3", "5");
        assertThat(store.versions(MODEL)).extracting(StoredVersion::version).containsExactly("6", "7", "8", "9", "10");
        assertThat(store.prune(MODEL)).isEmpty();
        assertThat(hiddenEntries(store.directory().resolve("models").resolve(MODEL))).isEmpty();
    }

    @Test
    void retentionIsConfigurable() {
        ModelStore store = ModelStore.builder(tmp.resolve("store")).clock(clock).create(true)
                .retention(new Retention(1, Duration.ZERO)).open();
        for (int v = 1; v <= 3; v++) {
            store.save(Versions.bundle(tmp, Integer.toString(v), null));
        }
        store.promote(MODEL, "1", "serves");
        assertThat(store.prune(MODEL)).containsExactly("2");
        assertThatThrownBy(() -> new Retention(0, Duration.ZERO)).hasMessageContaining("keepLast must be >= 1 but was 0");
    }

    @Test
    void nextVersionCountsSavedVersionsAndDecisions() {
        ModelStore store = store();
        assertThat(store.nextVersion(MODEL)).isEqualTo("1");
        store.save(Versions.bundle(tmp, "1", null));
        store.save(Versions.bundle(tmp, "7", null));
        assertThat(store.nextVersion(MODEL)).isEqualTo("8");
        store.record(decision(T0, "7", Optional.of("12"), RetrainDecision.Verdict.FAILED, Optional.empty()));
        assertThat(store.nextVersion(MODEL)).isEqualTo("13");
    }

    @Test
    void decisionsAreKeptInTheOrderTheyWereRecorded() {
        ModelStore store = store();
        HeldOutScores scores = new HeldOutScores(T0, T0.plus(Duration.ofDays(30)), 650, 0.6931, 0.6902, 0.6925,
                0.51, 0.53, 0.49);
        RetrainDecision promoted = decision(T0.plus(Duration.ofDays(1)), "1", Optional.of("2"),
                RetrainDecision.Verdict.PROMOTED, Optional.of(scores));
        RetrainDecision failed = decision(T0, "2", Optional.empty(), RetrainDecision.Verdict.FAILED,
                Optional.empty());
        store.record(promoted);
        store.record(failed);
        assertThat(store.decisions(MODEL)).containsExactly(promoted, failed);
        assertThat(ModelStore.openReadOnly(store.directory()).decisions(MODEL)).containsExactly(promoted, failed);
        assertThat(store.decisions("other")).isEmpty();
    }

    @Test
    void aDirectoryThatIsNotAStoreIsRefused() throws IOException {
        assertThatThrownBy(() -> ModelStore.open(tmp.resolve("missing")))
                .isInstanceOfSatisfying(ModelStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_STORE)).hasMessageContaining("does not exist");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> ModelStore.openOrCreate(other)).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_STORE))
                .hasMessage("model store " + other + ": not a model store: it has no candlesignal-store.properties "
                        + "(it holds notes.txt)");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ModelStore.openOrCreate(file)).hasMessageContaining("is not a directory");

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve(ModelStore.MARKER), "format=something-else\nformatVersion=1\n");
        assertThatThrownBy(() -> ModelStore.open(foreign)).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_STORE)).hasMessageContaining("something-else");
    }

    @Test
    void aStoreOfANewerFormatIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("newer"));
        Files.writeString(dir.resolve(ModelStore.MARKER), "format=candlesignal-model-store\nformatVersion=2\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelStore.open(dir)).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NEWER_FORMAT))
                .hasMessageContaining("format version 2 was written by a newer candlesignal");
    }

    @Test
    void aReadOnlyStoreWritesNothing() {
        store().save(Versions.bundle(tmp, "1", null));
        ModelStore ro = ModelStore.openReadOnly(tmp.resolve("store"));
        assertThat(ro.versions(MODEL)).hasSize(1);
        assertThatThrownBy(() -> ro.promote(MODEL, "1", "x")).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.READ_ONLY));
        assertThatThrownBy(() -> ro.save(Versions.bundle(tmp, "2", null))).isInstanceOf(ModelStoreException.class);
        assertThatThrownBy(ro::scratch).isInstanceOf(ModelStoreException.class);
    }

    @Test
    void namesThatCannotBeDirectoriesAreRefused() {
        ModelStore store = store();
        for (String bad : List.of("", "..", ".hidden", "a/b", "a b")) {
            assertThatThrownBy(() -> store.versions(bad)).isInstanceOfSatisfying(ModelStoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_NAME));
        }
        Path dotted = tmp.resolve("dotted");
        dev.candlesignal.testkit.BundleCopy.of(Versions.bundle(tmp, "1", null), dotted, m -> m.version("../x"));
        assertThatThrownBy(() -> store.save(dotted)).isInstanceOfSatisfying(ModelStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_NAME)).hasMessageContaining("'../x'");
    }

    @Test
    void leftoversOfDeadProcessesAreRemovedAtOpenAndThoseOfLiveOnesKept() throws IOException {
        ModelStore store = store();
        store.save(Versions.bundle(tmp, "1", null));
        Path modelDir = store.directory().resolve("models").resolve(MODEL);
        long dead = deadPid();
        long live = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path deadStaging = Files.createDirectories(modelDir.resolve(".staging-" + dead + "-0123456789abcdef"));
        Files.writeString(deadStaging.resolve("model.onnx"), "half");
        Files.createDirectories(modelDir.resolve(".trash-" + dead + "-0123456789abcdef").resolve("x"));
        Files.createDirectories(store.directory().resolve(".work-" + dead + "-0123456789abcdef"));
        Files.writeString(modelDir.resolve(".current.tmp-" + dead + "-0123456789abcdef"), "version=9");
        Path liveStaging = Files.createDirectories(modelDir.resolve(".staging-" + live + "-0123456789abcdef"));

        ModelStore.openReadOnly(store.directory());
        assertThat(hiddenEntries(modelDir)).as("read-only: nothing removed").hasSize(4);
        ModelStore.open(store.directory());
        assertThat(hiddenEntries(modelDir)).containsExactly(liveStaging.getFileName().toString());
        assertThat(hiddenEntries(store.directory())).containsExactly(".lock");
        assertThat(ModelStore.open(store.directory()).versions(MODEL)).hasSize(1);
    }

    @Test
    void aScratchDirectoryIsRemovedWhenClosed() throws IOException {
        ModelStore store = store();
        Path path;
        try (ModelStore.Scratch scratch = store.scratch()) {
            path = scratch.path();
            Files.writeString(path.resolve("f"), "x");
            assertThat(path.getParent()).isEqualTo(store.directory());
        }
        assertThat(path).doesNotExist();
    }

    static RetrainDecision decision(Instant time, String champion, Optional<String> challenger,
            RetrainDecision.Verdict verdict, Optional<HeldOutScores> scores) {
        return new RetrainDecision(time, StreamKey.of("BTCUSDT", Interval.HOUR_1), MODEL, "win_rate", champion,
                challenger, verdict, scores, verdict == RetrainDecision.Verdict.FAILED
                        ? "failed: source served 120 days of the 180 asked" : "challenger beats the champion: =x#!\\");
    }

    static List<String> hiddenEntries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A pid no process has: the first one counting down from the largest that is not alive. */
    static long deadPid() {
        for (long pid = 4_000_000; pid > 1000; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
        throw new IllegalStateException("no free pid");
    }
}
