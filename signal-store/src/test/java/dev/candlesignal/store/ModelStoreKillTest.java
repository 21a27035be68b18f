package dev.candlesignal.store;

import static dev.candlesignal.store.Versions.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer for real: a child JVM ({@link StoreKillChild}) saves, promotes and prunes versions in a loop and is
 * killed with SIGKILL ({@link Process#destroyForcibly()}), mostly at a chosen crash point (it waits for the parent at
 * each one), sometimes unpaced at a random moment. After each kill the store must open (removing what the dead child
 * left), the version that served before, or the one whose promotion was under way, must serve and verify, every
 * listed version must verify, and the parent of the current version must be kept.
 */
class ModelStoreKillTest {
    @TempDir
    Path tmp;

    @Test
    void aWriterKilledAtRandomPointsLeavesAConsistentStore() throws Exception {
        killAndReopen(14, 20_240_301L);
    }

    @Test
    @Tag("slow")
    void killedManyMoreTimes() throws Exception {
        killAndReopen(80, 11L);
    }

    private void killAndReopen(int kills, long seed) throws Exception {
        Path store = tmp.resolve("store");
        ModelStore s = ModelStore.openOrCreate(store);
        s.save(Versions.bundle(tmp, "1", null));
        s.promote(MODEL, "1", "first");
        Path work = Files.createDirectories(tmp.resolve("work"));
        SplittableRandom random = new SplittableRandom(seed);
        List<String> log = new ArrayList<>();
        int landed = 0;
        for (int k = 0; k < kills; k++) {
            String before = ModelStore.openReadOnly(store).current(MODEL).orElseThrow().version();
            boolean paced = k % 4 != 3;
            // paced: kill at one of the first steps of the child's next operations (about 15 steps per version)
            int killAt = random.nextInt(40);
            long delayMillis = 50 + random.nextInt(400);
            Run run = runAndKill(store, work, paced, killAt, delayMillis);
            landed += run.killed ? 1 : 0;
            log.add((paced ? "at step " + killAt + " (" + run.lastStep + ")" : "after " + delayMillis + " ms")
                    + ": promoted " + run.promoted);

            ModelStore after = ModelStore.open(store); // the child is dead: its leftovers go
            String serving = after.current(MODEL).orElseThrow().version();
            // the last version whose promotion returned, or the one the child was working on when it died
            String confirmed = run.promoted.isEmpty() ? before : run.promoted.get(run.promoted.size() - 1);
            assertThat(serving).as("serving after kill %d %s", k, log.get(k)).isIn(confirmed, run.saving);
            after.openCurrent(MODEL);
            for (StoredVersion v : after.versions(MODEL)) {
                after.open(MODEL, v.version());
            }
            after.current(MODEL).orElseThrow().parentVersion()
                    .ifPresent(p -> assertThat(after.version(MODEL, p)).as("the parent of v%s", serving).isPresent());
            assertThat(ModelStoreTest.hiddenEntries(store)).as("after kill %d %s", k, log.get(k))
                    .containsExactly(".lock");
            assertThat(ModelStoreTest.hiddenEntries(store.resolve("models").resolve(MODEL))).isEmpty();
            assertThat(ModelStoreTest.hiddenEntries(store.resolve("models").resolve(MODEL).resolve("versions")))
                    .isEmpty();
        }
        assertThat(landed).as("kills that landed before the child was done: %s", log).isGreaterThan(kills / 2);
    }

    private record Run(boolean killed, List<String> promoted, String saving, String lastStep) {
    }

    private Run runAndKill(Path store, Path work, boolean paced, int killAt, long delayMillis) throws Exception {
        Path err = Files.createTempFile(tmp, "child", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), StoreKillChild.class.getName(), store.toString(),
                work.toString(), paced ? "paced" : "free");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        List<String> promoted = new ArrayList<>();
        String lastStep = "";
        String saving = "";
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter control = new PrintWriter(new OutputStreamWriter(p.getOutputStream(),
                        StandardCharsets.UTF_8), true)) {
            String line = out.readLine();
            assertThat(line).as("child start; stderr: %s", Files.readString(err)).isEqualTo("opened");
            if (!paced) {
                Thread.sleep(delayMillis); // the child runs free; the kill lands wherever it is
                p.toHandle().destroyForcibly(); // SIGKILL, keeping its output readable (Process.destroy closes it)
                killed = true;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("promoted ")) {
                        promoted.add(line.substring("promoted ".length()));
                    } else if (line.startsWith("saving ")) {
                        saving = line.substring("saving ".length());
                    }
                }
            } else {
                int steps = 0;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("promoted ")) {
                        promoted.add(line.substring("promoted ".length()));
                    } else if (line.startsWith("saving ")) {
                        saving = line.substring("saving ".length());
                    } else if (line.startsWith("step ")) {
                        lastStep = line;
                        if (steps++ == killAt) {
                            p.destroyForcibly();
                            killed = true;
                            break;
                        }
                        control.println("go");
                    }
                }
            }
        } finally {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the child did not end");
            }
        }
        assertThat(killed).as("child ended by itself; stderr: %s", Files.readString(err)).isTrue();
        return new Run(killed, promoted, saving, lastStep);
    }
}
