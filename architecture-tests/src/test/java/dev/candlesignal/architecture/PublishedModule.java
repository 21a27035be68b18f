package dev.candlesignal.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Optional;

/**
 * The published modules, each known by one class it holds and the package tree it owns. {@link Modules} tells
 * which module a class came from.
 */
enum PublishedModule {
    API("signal-api", "dev.candlesignal.Candle", "dev.candlesignal"),
    ENGINE("signal-engine", "dev.candlesignal.engine.SignalEngine", "dev.candlesignal.engine"),
    FEATURES("signal-features", "dev.candlesignal.indicators.FeatureSets", "dev.candlesignal.indicators"),
    ONNX("signal-onnx", "dev.candlesignal.onnx.OnnxModel", "dev.candlesignal.onnx"),
    DJL("signal-djl", "dev.candlesignal.djl.DjlModel", "dev.candlesignal.djl"),
    BINANCE("signal-binance", "dev.candlesignal.binance.BinanceCandleSource", "dev.candlesignal.binance"),
    TESTKIT("signal-testkit", "dev.candlesignal.testkit.TestModel", "dev.candlesignal.testkit"),
    JOURNAL("signal-journal", "dev.candlesignal.journal.OutcomeTracker", "dev.candlesignal.journal"),
    JOURNAL_JDBC("signal-journal-jdbc", "dev.candlesignal.journal.jdbc.SqliteJournal", "dev.candlesignal.journal.jdbc"),
    STORE("signal-store", "dev.candlesignal.store.ModelStore", "dev.candlesignal.store"),
    RETRAIN("signal-retrain", "dev.candlesignal.retrain.RetrainLoop", "dev.candlesignal.retrain"),
    TRAIN("signal-train", "dev.candlesignal.train.LstmTrainer", "dev.candlesignal.train"),
    BACKTEST("signal-backtest", "dev.candlesignal.backtest.Backtester", "dev.candlesignal.backtest"),
    CLI("signal-cli", "dev.candlesignal.cli.CandleSignalCli", "dev.candlesignal.cli"),
    FLINK("signal-flink", "dev.candlesignal.flink.FlinkSignals", "dev.candlesignal.flink");

    final String artifactId;
    final String anchorClass;
    /** The package tree the module owns; its helpers are under {@code root + ".internal"}. */
    final String root;

    PublishedModule(String artifactId, String anchorClass, String root) {
        this.artifactId = artifactId;
        this.anchorClass = anchorClass;
        this.root = root;
    }

    /** The module's own {@code internal} package tree, as an ArchUnit package pattern. */
    String internalPackages() {
        return root + ".internal..";
    }

    /**
     * The jar or directory a class was read from: {@code jar:file:/x.jar!/a/B.class} gives {@code file:/x.jar},
     * {@code file:/m/target/classes/a/B.class} gives {@code file:/m/target/classes/}.
     */
    static Optional<String> containerOf(JavaClass javaClass) {
        return javaClass.getSource().map(source -> {
            String uri = source.getUri().toString();
            int bang = uri.indexOf("!/");
            if (uri.startsWith("jar:") && bang > 0) {
                return uri.substring("jar:".length(), bang);
            }
            String file = javaClass.getName().replace('.', '/') + ".class";
            return uri.endsWith(file) ? uri.substring(0, uri.length() - file.length()) : uri;
        });
    }
}
