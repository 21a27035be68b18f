package dev.candlesignal.spi;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Models;
import java.util.Objects;

/**
 * A model backend, for implementers: something that turns a model bundle's weights of one format into a
 * {@link Model}. Users do not call this interface; they load with {@link Models} (discovery) or with a backend's
 * own factory ({@code OnnxModel.load}, {@code DjlModel.load}).
 *
 * <p>A backend artifact registers its loader for {@link java.util.ServiceLoader}: on the class path with a
 * {@code META-INF/services/dev.candlesignal.spi.ModelLoader} file naming the class, on the module path with
 * {@code provides dev.candlesignal.spi.ModelLoader with ...}. The class needs a public no-argument constructor
 * that does no work: discovery instantiates every loader present, also those it does not use, so a loader must
 * not touch its backend's native library before {@link #load}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface ModelLoader {

    /**
     * The backend's name, as users choose it ({@code Models.load(dir, "onnx")}, {@code --backend onnx}): lower-case
     * letters, digits and {@code -}, starting with a letter; unique among the loaders present.
     */
    String name();

    /**
     * The weights format this backend reads: a key of the manifest's {@code weights}, such as
     * {@link dev.candlesignal.model.ModelManifest#ONNX} or {@link dev.candlesignal.model.ModelManifest#TORCHSCRIPT}.
     */
    String weightsFormat();

    /**
     * Whether this backend can load {@code bundle}: by default, whether the bundle lists weights in
     * {@link #weightsFormat()}. Reads no file.
     */
    default boolean canLoad(ModelBundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        return bundle.manifest().weightsFor(weightsFormat()).isPresent();
    }

    /**
     * Loads the bundle's weights with the given options. The weights must be taken from
     * {@link ModelBundle#readWeights(String)}, which verifies them; nothing half-loaded is returned. The caller
     * owns the returned model and closes it.
     *
     * @throws ModelLoadException if the weights are missing or damaged, the backend refuses them, or it cannot
     *     honour an option (a GPU it does not have)
     */
    Model load(ModelBundle bundle, BackendOptions options) throws ModelLoadException;
}
