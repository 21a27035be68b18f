package dev.candlesignal.onnx;

import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.testkit.ModelFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Test helpers: copies of fixture bundles that tests may damage. */
final class Bundles {
    private Bundles() {
    }

    /** Copies fixture bundle {@code name} into {@code dir/name} and returns the copy. */
    static Path copy(String name, Path dir) {
        Path source = ModelFixtures.bundle(name);
        Path target = dir.resolve(name.replace('/', '_'));
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static String manifestText(Path bundle) throws IOException {
        return Files.readString(bundle.resolve(ModelBundle.MANIFEST_FILE));
    }

    /** Rewrites the manifest text (for malformed or unsupported manifests). */
    static void editManifestText(Path bundle, UnaryOperator<String> edit) throws IOException {
        Files.writeString(bundle.resolve(ModelBundle.MANIFEST_FILE), edit.apply(manifestText(bundle)));
    }

    /** Rewrites the manifest through the API (valid manifests with other values). */
    static void editManifest(Path bundle, UnaryOperator<ModelManifest.Builder> edit) throws Exception {
        ModelManifest m = ModelManifest.fromJson(manifestText(bundle), bundle.toString());
        ModelBundle.write(bundle, edit.apply(m.toBuilder()).build());
    }
}
