package dev.candlesignal.cli;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.training.TrainingResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end of {@code candlesignal train} on standard error: how it went and the metrics beside the baselines. */
final class TrainSummary {
    private final TrainingResult result;
    private final Architecture architecture;
    private final FeatureSet featureSet;

    TrainSummary(TrainingResult result, Architecture architecture, FeatureSet featureSet) {
        this.result = result;
        this.architecture = architecture;
        this.featureSet = featureSet;
    }

    void print(PrintWriter err) {
        Map<String, Double> m = result.validationMetrics();
        int maxEpochs = (int) Math.round(m.getOrDefault("max_epochs", (double) result.epochsRun()));
        err.println(String.format(Locale.ROOT, "candlesignal: trained %s on %s in %.1f s: best epoch %d of %d (%s), "
                + "%,d training and %,d validation windows", architecture.id(), featureSet.id(),
                result.wallTime().toMillis() / 1000.0, result.bestEpoch(), result.epochsRun(),
                result.epochsRun() < maxEpochs ? "early stop" : "epoch limit",
                Math.round(m.getOrDefault("train_samples", 0.0)), Math.round(m.getOrDefault("val_samples", 0.0))));
        TextTable table = new TextTable(List.of("validation", "accuracy", "precision", "recall", "F1", "log loss",
                "Brier"), 1);
        table.add(row("model", m, "val", true));
        table.add(row("baseline: always up", m, "baseline_always_up", false));
        table.add(row("baseline: previous direction", m, "baseline_previous_direction", false));
        table.print(err);
        err.println("candlesignal: wrote " + result.bundleDir() + " (" + result.manifest().modelId() + " v"
                + result.manifest().version() + "; ONNX and TorchScript weights, verified); serve it with: "
                + "candlesignal replay --model " + result.bundleDir() + " --candles FILE [--backend onnx|djl]");
        err.flush();
    }

    private static List<String> row(String name, Map<String, Double> m, String prefix, boolean probabilities) {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        for (String metric : List.of("accuracy", "precision", "recall", "f1")) {
            cells.add(number(m.get(prefix + "_" + metric)));
        }
        cells.add(probabilities ? number(m.get("val_loss")) : "-");
        cells.add(probabilities ? number(m.get("val_brier")) : "-");
        return cells;
    }

    private static String number(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
