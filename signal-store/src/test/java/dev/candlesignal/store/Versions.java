package dev.candlesignal.store;

import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.BundleCopy;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Path;
import java.time.Instant;

/** Real bundles of the fixture model under new versions, for the store's tests. */
final class Versions {
    static final String MODEL = "fixture-lstm14";

    private Versions() {
    }

    /** A copy of the lstm14 fixture as version {@code version} with {@code parent} (or none), in {@code dir/src-V}. */
    static Path bundle(Path dir, String version, String parent) {
        Path target = dir.resolve("src-" + version + "-" + System.nanoTime());
        ModelBundle b = BundleCopy.of(ModelFixtures.bundle(ModelFixtures.LSTM14), target, m -> m.version(version)
                .parentVersion(parent).metric("val_log_loss", 0.69 - Integer.parseInt(version) * 0.001)
                .training(new TrainingInfo(java.util.List.of("BTCUSDT"), dev.candlesignal.Interval.HOUR_1,
                        Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-06-01T00:00:00Z")
                                .plusSeconds(3600L * Integer.parseInt(version)))));
        return b.directory();
    }
}
