package dev.candlesignal.cli;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.djl.DjlOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Model options shared by {@code replay} and {@code live}: the bundle and the backend that runs it. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model bundle directory (manifest.json + weights). Default for replay: the bundled demo model.")
    Path model;

    @Option(names = "--backend", defaultValue = "onnx", paramLabel = "NAME",
            description = "Model backend: onnx (default, ONNX Runtime on the bundle's model.onnx) or djl (DJL's PyTorch "
                    + "engine on the bundle's TorchScript model.pt).")
    String backend;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Intra-op threads of the backend (default ${DEFAULT-VALUE}, the fastest for one window at a time).")
    int threads;

    /** Reads and verifies the bundle in {@code dir} (once; the backend gets the verified bundle). */
    static ModelBundle bundle(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new CandleSignalCli.UserError("no model bundle at " + dir + " (expected a directory with manifest.json)");
        }
        return ModelBundle.load(dir);
    }

    /** Loads a verified bundle's weights on the chosen backend. */
    Model load(ModelBundle bundle) throws ModelLoadException {
        if (threads < 0) {
            throw new CandleSignalCli.UserError("--threads must be >= 0 (0 = the backend's default) but was " + threads);
        }
        return switch (backend) {
            case "onnx" -> OnnxModel.load(bundle, OnnxOptions.builder().intraOpThreads(threads).build());
            case "djl" -> DjlModel.load(bundle, threads == 0 ? DjlOptions.defaults()
                    : DjlOptions.builder().intraOpThreads(threads).build());
            default -> throw new CandleSignalCli.UserError("unknown backend '" + backend + "' (available: onnx, djl)");
        };
    }
}
