package dev.candlesignal.store;

import static dev.candlesignal.store.Versions.MODEL;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The reader of {@link ModelStoreReaderTest}: until a line arrives on stdin, opens the store read-only, opens the
 * current version and every listed one (hashes checked), and counts. Prints {@code seen V} the first time the current
 * version is {@code V}, {@code ok READS DISTINCT_CURRENTS} at the end, or {@code FAIL ...} at the first error (exit
 * status 1).
 */
public final class StoreReaderChild {
    private StoreReaderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("started");
        System.out.flush();
        long reads = 0;
        Set<String> currents = new HashSet<>();
        try {
            while (System.in.available() == 0) {
                ModelStore store = ModelStore.openReadOnly(dir);
                String current = store.current(MODEL).orElseThrow().version();
                store.open(MODEL, current);
                if (currents.add(current)) {
                    System.out.println("seen " + current); // lets the writer pace itself by the reader
                    System.out.flush();
                }
                for (StoredVersion v : store.versions(MODEL)) {
                    store.open(MODEL, v.version());
                }
                reads++;
            }
        } catch (RuntimeException e) {
            System.out.println("FAIL after " + reads + " reads: " + e);
            System.out.flush();
            System.exit(1);
        }
        System.out.println("ok " + reads + " " + currents.size());
        System.out.flush();
    }
}
