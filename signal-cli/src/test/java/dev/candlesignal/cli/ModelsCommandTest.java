package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.testkit.BundleCopy;
import dev.candlesignal.training.RetrainDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candlesignal models list|show|rollback|prune} on a store of demo-bundle versions 1 to 4, v4 serving. */
class ModelsCommandTest {
    static final String ID = "demo-btcusdt-1h-standard14";

    @TempDir
    Path tmp;
    Path store;

    @BeforeEach
    void fourVersions() {
        store = tmp.resolve("store");
        // saved long ago: only the last N and the current version with its parent protect them
        ModelStore s = ModelStore.builder(store).clock(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"),
                ZoneOffset.UTC)).create(true).open();
        for (int v = 1; v <= 4; v++) {
            String version = Integer.toString(v);
            String parent = v == 1 ? null : Integer.toString(v - 1);
            s.save(BundleCopy.of(DemoBundles.DEMO, tmp.resolve("v" + v), m -> m.version(version).parentVersion(parent))
                    .directory());
            s.promote(ID, version, "trained");
        }
        s.record(new RetrainDecision(Instant.parse("2020-01-01T00:00:00Z"), StreamKey.of("BTCUSDT", Interval.HOUR_1),
                ID, "periodic", "3", Optional.of("4"), RetrainDecision.Verdict.FAILED, Optional.empty(),
                "failed: an example"));
    }

    @Test
    void listShowsEveryVersionAndWhichServes() {
        Cli.Result r = Cli.run("models", "list", "--store", store.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("model").contains("version").contains("parent")
                .contains("created").contains("trained from").contains("trained to").contains("val loss");
        assertThat(r.out().lines().filter(l -> l.contains(ID))).hasSize(4);
        assertThat(r.out().lines().filter(l -> l.startsWith("*"))).singleElement().asString().contains(ID + "  4");
        assertThat(r.out()).contains("2019-07-01T19:00:00Z").contains("0.6");
    }

    @Test
    void showPrintsOneVersionWithItsMetricsAndTheDecisions() {
        Cli.Result r = Cli.run("models", "show", ID, "--store", store.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(ID + " v4 (serving)").contains("parent        3")
                .contains("pointer       v4 since").contains("(was v3): trained").contains("val_accuracy = ")
                .contains("retraining decisions: 1").contains("failed: an example");
        Cli.Result v2 = Cli.run("models", "show", ID, "2", "--store", store.toString());
        assertThat(v2.out()).startsWith(ID + " v2\n");
        ReplayCommandTest.assertUserError(Cli.run("models", "show", ID, "9", "--store", store.toString()),
                "has no version 9 in");
    }

    @Test
    void rollbackServesAnOlderVersionAndPruneKeepsWhatRetentionSays() {
        Cli.Result r = Cli.run("models", "rollback", ID, "2", "--store", store.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(ID + ": v2 serves (was v4)\n");
        assertThat(ModelStore.openReadOnly(store).current(ID).orElseThrow().version()).isEqualTo("2");
        ReplayCommandTest.assertUserError(Cli.run("models", "rollback", ID, "2", "--store", store.toString()),
                "serves already");
        ReplayCommandTest.assertUserError(Cli.run("models", "rollback", ID, "7", "--store", store.toString()),
                "has no version 7 (kept: 1, 2, 3, 4)");

        // keep the last one, and v2 (current) with its parent v1: v3 goes
        Cli.Result p = Cli.run("models", "prune", "--store", store.toString(), "--keep", "1", "--keep-days", "0");
        assertThat(p.status()).as(p.err()).isZero();
        assertThat(p.out()).isEqualTo(ID + ": deleted v3; kept v1, v2, v4\n");
    }

    @Test
    void aStoreThatIsMissingDamagedOrForeignIsAOneLineError() throws Exception {
        ReplayCommandTest.assertUserError(Cli.run("models", "list", "--store", tmp.resolve("none").toString()),
                "does not exist");
        Path v4 = store.resolve("models").resolve(ID).resolve("versions").resolve("4").resolve("model.onnx");
        byte[] bytes = Files.readAllBytes(v4);
        bytes[100] ^= 1;
        Files.write(v4, bytes);
        ReplayCommandTest.assertUserError(Cli.run("models", "show", ID, "--store", store.toString()),
                "v4 does not match its manifest");
        ReplayCommandTest.assertUserError(Cli.run("models", "list"), "Missing required option: '--store=DIR'");
    }
}
