package dev.candlesignal.flink.internal;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.flink.ModelReference;
import dev.candlesignal.flink.ModelResolver;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.Models;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * {@link ModelResolver#bundles()}: a bundle directory on the local disk is loaded where it is; one on another Flink
 * {@code FileSystem} (S3, HDFS, ...) is copied file by file to a new temporary directory first, which is deleted when
 * the model is closed. The backend is the one {@link Models#discover()} prefers for the bundle.
 *
 * <p>Stateless and thread-safe.
 */
public final class BundleResolver implements ModelResolver {
    private static final long serialVersionUID = 1L;

    @Override
    public Model load(ModelReference reference) throws ModelLoadException {
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(reference.location());
        URI uri = path.toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            Path local = uri.getScheme() == null ? Path.of(reference.location()) : Path.of(uri);
            return Models.discover().load(local);
        }
        Path copy = copyToLocal(reference, path);
        try {
            return new DeletingModel(Models.discover().load(copy), copy);
        } catch (ModelLoadException | RuntimeException e) {
            deleteTree(copy);
            throw e;
        }
    }

    private static Path copyToLocal(ModelReference reference, org.apache.flink.core.fs.Path dir)
            throws ModelLoadException {
        Path local = null;
        try {
            FileSystem fs = dir.getFileSystem();
            FileStatus[] files = fs.listStatus(dir);
            if (files == null) {
                throw new ModelLoadException(ModelLoadException.Reason.MISSING_FILE, "no model bundle at " + reference
                        + " (expected a directory with manifest.json)");
            }
            local = Files.createTempDirectory("candlesignal-model-");
            for (FileStatus file : files) {
                if (file.isDir()) {
                    continue; // a bundle is flat: manifest.json and weights files
                }
                try (FSDataInputStream in = fs.open(file.getPath());
                        InputStream raw = in) {
                    Files.copy(raw, local.resolve(file.getPath().getName()));
                }
            }
            return local;
        } catch (IOException e) {
            if (local != null) {
                deleteTree(local);
            }
            throw new ModelLoadException(ModelLoadException.Reason.MISSING_FILE, "cannot copy the model bundle at "
                    + reference + " to the local disk: " + e, e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is garbage, not a failure of the job
        }
    }

    /** A model loaded from a temporary copy, which it deletes once closed. */
    private static final class DeletingModel implements Model {
        private final Model delegate;
        private final Path copy;

        DeletingModel(Model delegate, Path copy) {
            this.delegate = delegate;
            this.copy = copy;
        }

        @Override
        public ModelSpec spec() {
            return delegate.spec();
        }

        @Override
        public float predict(float[] window, int offset) {
            return delegate.predict(window, offset);
        }

        @Override
        public void predictBatch(float[][] windows, int[] offsets, int count, float[] out) {
            delegate.predictBatch(windows, offsets, count, out);
        }

        @Override
        public void close() {
            delegate.close();
            deleteTree(copy);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
