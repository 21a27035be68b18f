package dev.candlesignal.djl.internal;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.djl.DjlOptions;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.spi.ModelLoader;
import java.util.Objects;

/**
 * The {@code djl} backend for {@code Models}: DJL's PyTorch engine on a bundle's TorchScript {@code model.pt}.
 * Registered in {@code META-INF/services/dev.candlesignal.spi.ModelLoader}; users load with {@code Models} or
 * {@link DjlModel#load}, not with this class.
 *
 * <p>{@link BackendOptions} map onto {@link DjlOptions}: the intra-op threads as given (0 = DJL's default, see
 * {@link DjlOptions}), a GPU as that CUDA device (DJL never falls back to the CPU); the predictor pool and inter-op
 * threads stay at {@link DjlOptions#defaults()}.
 *
 * <p>Immutable and thread-safe. Its constructor touches neither DJL nor libtorch.
 */
public final class DjlModelLoader implements ModelLoader {

    /** For {@link java.util.ServiceLoader}. */
    public DjlModelLoader() {
    }

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public String weightsFormat() {
        return ModelManifest.TORCHSCRIPT;
    }

    @Override
    public Model load(ModelBundle bundle, BackendOptions options) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        return DjlModel.load(bundle, options(options));
    }

    /** The DJL options that carry out {@code options}. */
    static DjlOptions options(BackendOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.intraOpThreads() == 0 && options.gpuIndex().isEmpty()) {
            return DjlOptions.defaults();
        }
        DjlOptions.Builder b = DjlOptions.builder();
        if (options.intraOpThreads() > 0) {
            b.intraOpThreads(options.intraOpThreads());
        }
        if (options.gpuIndex().isPresent()) {
            b.gpu(options.gpuIndex().getAsInt());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "ModelLoader[djl: DJL PyTorch engine, reads " + weightsFormat() + "]";
    }
}
