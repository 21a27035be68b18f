package dev.candlesignal.flink;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.flink.internal.BundleResolver;
import dev.candlesignal.model.Model;
import java.io.Serializable;

/**
 * Turns a {@link ModelReference} into a loaded {@link Model}, on the task manager, in the operator's {@code open()}
 * (the initial model) and when a {@link ModelUpdate} arrives. Shipped to the cluster with the job, so it must be
 * serializable; lambdas qualify when the target type is this interface.
 *
 * <p>Implementations are thread-safe. The operator owns the models it receives and closes them.
 */
@FunctionalInterface
public interface ModelResolver extends Serializable {

    /**
     * Loads the model.
     *
     * @throws ModelLoadException if the bundle is missing or cannot be loaded
     */
    Model load(ModelReference reference) throws ModelLoadException;

    /**
     * The default: the reference is a model bundle directory, local or on any Flink {@code FileSystem} (a remote
     * bundle is first copied to a temporary local directory, deleted when the model is closed), loaded on the backend
     * that {@code Models.discover()} prefers for it (ONNX Runtime for the bundled demo model).
     */
    static ModelResolver bundles() {
        return new BundleResolver();
    }
}
