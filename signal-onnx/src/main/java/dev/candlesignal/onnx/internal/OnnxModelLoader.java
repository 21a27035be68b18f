package dev.candlesignal.onnx.internal;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import dev.candlesignal.spi.ModelLoader;
import java.util.Objects;

/**
 * The {@code onnx} backend for {@code Models}: ONNX Runtime on a bundle's {@code model.onnx}. Registered in
 * {@code META-INF/services/dev.candlesignal.spi.ModelLoader}; users load with {@code Models} or
 * {@link OnnxModel#load}, not with this class.
 *
 * <p>{@link BackendOptions} map onto {@link OnnxOptions}: the intra-op threads as given (0 = ONNX Runtime's
 * default), a GPU as CUDA on that device without falling back to the CPU; the rest stay at
 * {@link OnnxOptions#defaults()}.
 *
 * <p>Immutable and thread-safe. Its constructor touches no native code.
 */
public final class OnnxModelLoader implements ModelLoader {

    /** For {@link java.util.ServiceLoader}. */
    public OnnxModelLoader() {
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String weightsFormat() {
        return ModelManifest.ONNX;
    }

    @Override
    public Model load(ModelBundle bundle, BackendOptions options) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        return OnnxModel.load(bundle, options(options));
    }

    /** The ONNX Runtime options that carry out {@code options}. */
    static OnnxOptions options(BackendOptions options) {
        Objects.requireNonNull(options, "options");
        OnnxOptions.Builder b = OnnxOptions.builder().intraOpThreads(options.intraOpThreads());
        if (options.gpuIndex().isPresent()) {
            b.cuda(options.gpuIndex().getAsInt());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "ModelLoader[onnx: ONNX Runtime, reads " + weightsFormat() + "]";
    }
}
