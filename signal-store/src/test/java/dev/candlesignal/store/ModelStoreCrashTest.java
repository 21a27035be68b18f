package dev.candlesignal.store;

import static dev.candlesignal.store.Versions.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes the store at every step of a save, a promote and a prune (an {@link Error} thrown from an injected crash
 * point, which the store never catches, so nothing is cleaned up as after a real crash), then opens it again as the
 * next process would: it must open, the previous current version must still serve (or the new one, once the pointer
 * was replaced), every listed version must verify, and nothing of the interrupted operation may be left.
 */
class ModelStoreCrashTest {
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Retention KEEP_TWO = new Retention(2, Duration.ZERO);

    @TempDir
    Path tmp;

    /** A crash: an Error, so that no catch block of the store runs. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("crash at " + step, null, false, false);
        }
    }

    @Test
    void aCrashAtAnyStepLeavesAnOpenableStoreServingThePreviousOrTheNewVersion() throws IOException {
        Path template = tmp.resolve("template");
        TestClock clock = new TestClock(T0);
        ModelStore setup = ModelStore.builder(template).clock(clock).create(true).open();
        for (int v = 1; v <= 6; v++) {
            setup.save(Versions.bundle(tmp, Integer.toString(v), v == 1 ? null : Integer.toString(v - 1)));
            clock.advance(Duration.ofDays(1));
        }
        setup.promote(MODEL, "6", "serves");
        Path v7 = Versions.bundle(tmp, "7", "6");

        // the steps of one uninterrupted save + promote + prune
        List<String> steps = new ArrayList<>();
        Path probe = copy(template, tmp.resolve("probe"));
        scenario(ModelStore.builder(probe).clock(clock).retention(KEEP_TWO).steps(steps::add).open(), v7);
        assertThat(steps).contains("save:staging", "save:copied model.onnx", "save:copied manifest.json",
                "save:recorded", "save:synced", "save:renamed", "save:published", "promote:checked", "promote:pointed",
                "prune:trashing 1", "prune:trashed 1", "prune:deleted 1", "prune:deleted 5");
        int renamed = steps.indexOf("save:renamed");
        int pointed = steps.indexOf("promote:pointed");

        for (int k = 0; k < steps.size(); k++) {
            String step = steps.get(k);
            Path dir = copy(template, tmp.resolve("crash-" + k));
            int crashAt = k;
            int[] seen = {0};
            ModelStore crashing = ModelStore.builder(dir).clock(clock).retention(KEEP_TWO).steps(s -> {
                if (seen[0]++ == crashAt) {
                    throw new SimulatedCrash(s);
                }
            }).open();
            try {
                scenario(crashing, v7);
                throw new AssertionError("no crash at " + step);
            } catch (SimulatedCrash expected) {
                // the process is gone
            }

            // the next process: every process before it is dead
            ModelStore after = ModelStore.builder(dir).clock(clock).retention(KEEP_TWO).processAlive(pid -> false)
                    .open();
            String serving = after.current(MODEL).orElseThrow().version();
            assertThat(serving).as("serving after a crash at %s", step).isEqualTo(k >= pointed ? "7" : "6");
            after.openCurrent(MODEL);
            Set<String> versions = new TreeSet<>();
            for (StoredVersion v : after.versions(MODEL)) {
                after.open(MODEL, v.version()); // every listed version verifies: none is half-written
                versions.add(v.version());
            }
            assertThat(versions.contains("7")).as("v7 after a crash at %s", step).isEqualTo(k >= renamed);
            for (int old = 1; old <= 5; old++) {
                int trashed = steps.indexOf("prune:trashed " + old);
                assertThat(versions.contains(Integer.toString(old))).as("v%d after a crash at %s", old, step)
                        .isEqualTo(k < trashed);
            }
            assertThat(ModelStoreTest.hiddenEntries(dir)).as("leftovers in the store after %s", step)
                    .containsExactly(".lock");
            assertThat(ModelStoreTest.hiddenEntries(dir.resolve("models").resolve(MODEL)))
                    .as("leftovers of the model after %s", step).isEmpty();

            // and it carries on: the interrupted work can be done again
            if (!versions.contains("7")) {
                after.save(v7);
            }
            after.promote(MODEL, "7", "again");
            after.prune(MODEL);
            assertThat(after.versions(MODEL)).extracting(StoredVersion::version).containsExactly("6", "7");
        }
    }

    private static void scenario(ModelStore store, Path v7) {
        store.save(v7);
        store.promote(MODEL, "7", "promoted by retraining");
        store.prune(MODEL);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return to;
    }
}
