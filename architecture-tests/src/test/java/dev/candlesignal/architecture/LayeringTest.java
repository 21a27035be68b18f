package dev.candlesignal.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.candlesignal.architecture.PublishedModule.API;
import static dev.candlesignal.architecture.PublishedModule.BACKTEST;
import static dev.candlesignal.architecture.PublishedModule.BINANCE;
import static dev.candlesignal.architecture.PublishedModule.CLI;
import static dev.candlesignal.architecture.PublishedModule.DJL;
import static dev.candlesignal.architecture.PublishedModule.ENGINE;
import static dev.candlesignal.architecture.PublishedModule.FEATURES;
import static dev.candlesignal.architecture.PublishedModule.FLINK;
import static dev.candlesignal.architecture.PublishedModule.JOURNAL;
import static dev.candlesignal.architecture.PublishedModule.JOURNAL_JDBC;
import static dev.candlesignal.architecture.PublishedModule.ONNX;
import static dev.candlesignal.architecture.PublishedModule.RETRAIN;
import static dev.candlesignal.architecture.PublishedModule.STORE;
import static dev.candlesignal.architecture.PublishedModule.TESTKIT;
import static dev.candlesignal.architecture.PublishedModule.TRAIN;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The layering of the published modules:
 * <pre>
 *   signal-api  &lt;-  signal-engine  &lt;-  signal-journal  &lt;-  signal-journal-jdbc
 *                                            ^
 *                                            +-- signal-backtest (api, engine, journal) &lt;- signal-cli
 *       ^                  ^                                         ^
 *       |                  +------------------ signal-cli -----------+
 *       ^                                  |
 *       +-- signal-features, signal-onnx, signal-djl, signal-binance (backends and sources) &lt;-+
 *       |        ^                          ^                                               |
 *       |        +------ signal-train ------+  (the trainer: features + libtorch)  &lt;--------+
 *       +-- signal-testkit
 *   signal-flink: api, engine, features, onnx, binance; nothing depends on it
 * </pre>
 * signal-store depends on the API only, signal-retrain on the API, the engine, the journal and the store; only the
 * app uses signal-retrain. Backends, sources and the test kit depend on the API only; the trainer on the API, the
 * features and the DJL backend (whose libtorch it trains on), never on the engine; nothing published depends on the
 * app, the examples
 * or the benchmarks; no module reaches into another module's {@code internal} packages.
 */
class LayeringTest {
    private final Modules modules = Modules.imported();

    @Test
    void modulesDependOnlyOnTheLayersBelow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy(modules.in(API))
                .layer("engine").definedBy(modules.in(ENGINE))
                .layer("features").definedBy(modules.in(FEATURES))
                .layer("onnx").definedBy(modules.in(ONNX))
                .layer("djl").definedBy(modules.in(DJL))
                .layer("binance").definedBy(modules.in(BINANCE))
                .layer("testkit").definedBy(modules.in(TESTKIT))
                .layer("journal").definedBy(modules.in(JOURNAL))
                .layer("journal-jdbc").definedBy(modules.in(JOURNAL_JDBC))
                .layer("store").definedBy(modules.in(STORE))
                .layer("retrain").definedBy(modules.in(RETRAIN))
                .layer("backtest").definedBy(modules.in(BACKTEST))
                .layer("train").definedBy(modules.in(TRAIN))
                .layer("cli").definedBy(modules.in(CLI))
                .layer("flink").definedBy(modules.in(FLINK))
                .whereLayer("api").mayNotAccessAnyLayer()
                .whereLayer("engine").mayOnlyAccessLayers("api")
                .whereLayer("features").mayOnlyAccessLayers("api")
                .whereLayer("onnx").mayOnlyAccessLayers("api")
                .whereLayer("djl").mayOnlyAccessLayers("api")
                .whereLayer("binance").mayOnlyAccessLayers("api")
                .whereLayer("testkit").mayOnlyAccessLayers("api")
                .whereLayer("journal").mayOnlyAccessLayers("api", "engine")
                .whereLayer("journal-jdbc").mayOnlyAccessLayers("api", "journal")
                .whereLayer("store").mayOnlyAccessLayers("api")
                .whereLayer("retrain").mayOnlyAccessLayers("api", "engine", "journal", "store")
                .whereLayer("backtest").mayOnlyAccessLayers("api", "engine", "journal")
                .whereLayer("train").mayOnlyAccessLayers("api", "features", "djl")
                .whereLayer("cli").mayOnlyAccessLayers("api", "engine", "features", "onnx", "djl", "binance",
                        "journal", "journal-jdbc", "store", "retrain", "backtest", "train")
                .whereLayer("flink").mayOnlyAccessLayers("api", "engine", "features", "onnx", "binance")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("cli", "journal", "retrain", "backtest", "flink")
                .whereLayer("journal").mayOnlyBeAccessedByLayers("cli", "journal-jdbc", "retrain", "backtest")
                .whereLayer("store").mayOnlyBeAccessedByLayers("cli", "retrain")
                .whereLayer("retrain").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("backtest").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("train").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("flink").mayNotBeAccessedByAnyLayer()
                .check(modules.classes);
    }

    @Test
    void backendsAndSourcesUseTheApiPackagesOnly() {
        noClasses().that().resideInAnyPackage(FEATURES.root + "..", ONNX.root + "..", DJL.root + "..",
                        BINANCE.root + "..", TRAIN.root + "..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE.root + "..", "dev.candlesignal.replay..",
                        CLI.root + "..", TESTKIT.root + "..")
                .check(modules.classes);
        for (PublishedModule backend : new PublishedModule[] {FEATURES, ONNX, DJL, BINANCE}) {
            for (PublishedModule other : new PublishedModule[] {FEATURES, ONNX, DJL, BINANCE}) {
                if (backend != other) {
                    noClasses().that().resideInAPackage(backend.root + "..")
                            .should().dependOnClassesThat().resideInAPackage(other.root + "..")
                            .check(modules.classes);
                }
            }
        }
    }

    @Test
    void nothingDependsOnTheExamplesOrTheBenchmarks() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.candlesignal.examples..", "dev.candlesignal.benchmarks..")
                .check(modules.classes);
    }

    /** Only the benchmarks (not on this class path) may use the app; no published package does, but the app. */
    @Test
    void noPublishedPackageDependsOnTheApp() {
        noClasses().that().resideOutsideOfPackage(CLI.root + "..")
                .should().dependOnClassesThat().resideInAPackage(CLI.root + "..")
                .check(modules.classes);
    }

    /** Per module root: {@code dev.candlesignal.onnx.internal..} only from {@code dev.candlesignal.onnx..}, etc. */
    @Test
    void internalPackagesAreUsedOnlyUnderTheirOwnRoot() {
        for (PublishedModule m : PublishedModule.values()) {
            if (m == API) {
                continue; // its root is everyone's root: see apiInternalsAreUsedOnlyBySignalApi
            }
            noClasses().that().resideOutsideOfPackage(m.root + "..")
                    .should().dependOnClassesThat().resideInAPackage(m.internalPackages())
                    .check(modules.classes);
        }
    }

    @Test
    void apiInternalsAreUsedOnlyBySignalApi() {
        noClasses().that(DescribedPredicate.not(modules.in(API)))
                .should().dependOnClassesThat().resideInAPackage(API.internalPackages())
                .check(modules.classes);
    }

    /** The general form of the two rules above: an {@code internal} package is its own module's business. */
    @Test
    void noModuleUsesAnotherModulesInternals() {
        noClasses().that(modules.published())
                .should(new ArchCondition<JavaClass>("depend on another module's internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass().getBaseComponentType(); // arrays too
                            if (target.getPackageName().startsWith("dev.candlesignal.")
                                    && isInternal(target.getPackageName())
                                    && !modules.moduleOf(target).equals(modules.moduleOf(origin))) {
                                events.add(SimpleConditionEvent.satisfied(origin, d.getDescription()));
                            }
                        }
                    }
                })
                .check(modules.classes);
    }

    private static boolean isInternal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }
}
