package dev.candlesignal.cli;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Models;
import dev.candlesignal.spi.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Model options shared by {@code replay} and {@code live}: the backend that runs the bundle and its threads (each
 * command declares {@code --model} itself: optional for replay, required for live). The backends
 * are those {@link Models#discover()} finds (the app ships onnx and djl); the CLI does not know them by name.
 */
final class ModelOptions {

    @Option(names = "--backend", paramLabel = "NAME", completionCandidates = Backends.class,
            description = "Model backend, one of: ${COMPLETION-CANDIDATES} (onnx runs the bundle's model.onnx on ONNX "
                    + "Runtime, djl its TorchScript model.pt on DJL's PyTorch engine). Default: chosen from the bundle's "
                    + "weights, onnx first when the bundle has both (the faster CPU path).")
    Optional<String> backend;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Intra-op threads of the backend (default ${DEFAULT-VALUE}, the fastest for one window at a time).")
    int threads;

    /** Intra-op threads spin while they wait: thousands of them stall the machine instead of helping. */
    static final int MAX_THREADS = 64;

    /** A model and the name of the backend that runs it. */
    record Loaded(Model model, String backend) {
    }

    /** Reads the bundle in {@code dir} (the backend then reads and verifies its weights once). */
    static ModelBundle bundle(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new CandleSignalCli.UserError("no model bundle at " + dir + " (expected a directory with manifest.json)");
        }
        return ModelBundle.load(dir);
    }

    /** Loads the bundle on the backend named by {@code --backend}, or else on the one {@link Models} prefers. */
    Loaded load(ModelBundle bundle) throws ModelLoadException {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new CandleSignalCli.UserError("--threads must be 0.." + MAX_THREADS
                    + " (0 = the backend's default) but was " + threads);
        }
        Models models = Models.discover();
        ModelLoader loader = backend.isPresent() ? models.choose(bundle, backend.get()) : models.choose(bundle);
        Model loaded = loader.load(bundle, BackendOptions.builder().intraOpThreads(threads).build());
        return new Loaded(loaded, loader.name());
    }

    /** The backends present, for the help text. */
    static final class Backends implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Models.discover().backends().iterator();
        }
    }
}
