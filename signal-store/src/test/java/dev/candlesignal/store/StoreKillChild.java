package dev.candlesignal.store;

import static dev.candlesignal.store.Versions.MODEL;

import dev.candlesignal.testkit.BundleCopy;
import dev.candlesignal.testkit.ModelFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link ModelStoreKillTest}: saves, promotes and prunes new versions of the fixture model in a
 * loop until it is killed, printing {@code saving V} when it starts on a version, {@code step NAME} at every crash
 * point and {@code promoted V} once a promotion returned. Paced ({@code args[2] = paced}): after each step it waits for a line on stdin, so the parent can kill it
 * at a chosen step.
 */
public final class StoreKillChild {
    private StoreKillChild() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        Path work = Path.of(args[1]);
        boolean paced = args[2].equals("paced");
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ModelStore s = ModelStore.builder(store).retention(new Retention(3, Duration.ZERO)).steps(step -> {
            System.out.println("step " + step);
            System.out.flush();
            if (paced && control.readLine() == null) {
                throw new IOException("the parent went away");
            }
        }).open();
        System.out.println("opened");
        System.out.flush();
        while (true) {
            String parent = s.current(MODEL).orElseThrow().version();
            String version = s.nextVersion(MODEL);
            System.out.println("saving " + version);
            System.out.flush();
            Path source = work.resolve("src-" + version + "-" + System.nanoTime());
            BundleCopy.of(ModelFixtures.bundle(ModelFixtures.LSTM14), source,
                    m -> m.version(version).parentVersion(parent));
            s.save(source);
            s.promote(MODEL, version, "promoted by the child");
            System.out.println("promoted " + version);
            System.out.flush();
            s.prune(MODEL);
            deleteTree(source);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            StoreFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
