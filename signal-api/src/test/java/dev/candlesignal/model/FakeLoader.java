package dev.candlesignal.model;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.spi.ModelLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A backend for selection tests: reads its weights through {@link ModelBundle#readWeights} like a real one and
 * returns a model that remembers what it was loaded from. Public with public nested subclasses, so that a
 * {@link java.util.ServiceLoader} can instantiate them from a services file.
 */
public class FakeLoader implements ModelLoader {
    private final String name;
    private final String format;
    final List<BackendOptions> loadedWith = new ArrayList<>();

    FakeLoader(String name, String format) {
        this.name = name;
        this.format = format;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String weightsFormat() {
        return format;
    }

    @Override
    public Model load(ModelBundle bundle, BackendOptions options) throws ModelLoadException {
        VerifiedWeights weights = bundle.readWeights(format);
        loadedWith.add(options);
        return new Loaded(bundle.spec(), name, weights);
    }

    /** What a {@link FakeLoader} returns. */
    record Loaded(ModelSpec spec, String backend, VerifiedWeights weights) implements Model {
        @Override
        public float predict(float[] window, int offset) {
            return 0.5f;
        }

        @Override
        public void predictBatch(float[][] windows, int[] offsets, int count, float[] out) {
            java.util.Arrays.fill(out, 0, count, 0.5f);
        }

        @Override
        public void close() {
        }
    }

    /** "onnx", reading onnx weights. */
    public static final class Onnx extends FakeLoader {
        public Onnx() {
            super("onnx", ModelManifest.ONNX);
        }
    }

    /** "djl", reading TorchScript weights. */
    public static final class Djl extends FakeLoader {
        public Djl() {
            super("djl", ModelManifest.TORCHSCRIPT);
        }
    }

    /** A third-party backend that also reads onnx weights. */
    public static final class Acme extends FakeLoader {
        public Acme() {
            super("acme", ModelManifest.ONNX);
        }
    }
}
