package dev.candlesignal.model;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.spi.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model bundle on whichever backend can run it, from the backends present: those found on the class
 * (or module) path by {@link #discover()}, or those given to {@link #of(List)}.
 *
 * <pre>{@code
 * try (Model model = Models.discover().load(Path.of("models/demo-btcusdt-1h"))) {          // picks the backend
 *     ...
 * }
 * Model onDjl = Models.discover().load(dir, "djl", BackendOptions.defaults());           // explicit choice
 * }</pre>
 *
 * <h2>Which backend</h2>
 * A backend can load a bundle when the bundle lists weights in the format it reads ({@code onnx} reads
 * {@code model.onnx}, {@code djl} the TorchScript {@code model.pt}). When several can, the choice is fixed, not
 * left to the class path's order: {@code onnx} first, then {@code djl}, then any other backend by name. ONNX
 * Runtime comes first because it is the faster CPU path in the project's measurements (about twice as fast as
 * libtorch for one window, on par at batch 64; {@code benchmarks/RESULTS.md}); the choice is logged at INFO.
 * Name a backend to choose another ({@link #load(Path, String)}). Discovery is loud: a bundle no backend present
 * can load fails with {@link Reason#NO_LOADER}, naming the bundle's weights, the backends found and the artifact
 * to add; so does an unknown backend name, listing the available ones.
 *
 * <p>Explicit wiring needs none of this: {@code OnnxModel.load(dir)} and {@code DjlModel.load(dir)} load on one
 * backend with its own options.
 *
 * <p>Immutable and thread-safe; holds no static state (each {@link #discover()} looks again).
 */
public final class Models {
    private static final Logger log = LoggerFactory.getLogger(Models.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** The project's backends, in order of preference, with the artifact that provides each. */
    private static final List<Standard> STANDARD = List.of(
            new Standard("onnx", ModelManifest.ONNX, "dev.candlesignal:signal-onnx"),
            new Standard("djl", ModelManifest.TORCHSCRIPT, "dev.candlesignal:signal-djl"));

    private record Standard(String backend, String weightsFormat, String artifact) {
    }

    /** In preference order. */
    private final List<ModelLoader> loaders;

    private Models(List<ModelLoader> loaders) {
        this.loaders = loaders;
    }

    /**
     * The backends registered with {@link ServiceLoader} on the class path and module path of this class's class
     * loader.
     *
     * @throws IllegalStateException if two backends present have the same name, or one has an invalid name
     * @throws java.util.ServiceConfigurationError if a registered loader cannot be instantiated
     */
    public static Models discover() {
        return discover(Models.class.getClassLoader());
    }

    /**
     * The backends registered with {@link ServiceLoader} as seen from {@code classLoader}.
     *
     * @throws IllegalStateException if two backends present have the same name, or one has an invalid name
     * @throws java.util.ServiceConfigurationError if a registered loader cannot be instantiated
     */
    public static Models discover(ClassLoader classLoader) {
        Objects.requireNonNull(classLoader, "classLoader");
        List<ModelLoader> found = new ArrayList<>();
        ServiceLoader.load(ModelLoader.class, classLoader).forEach(found::add);
        try {
            return of(found);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the model loaders on the class path conflict: " + e.getMessage(), e);
        }
    }

    /**
     * Exactly these backends, without discovery (for wiring by hand and for tests).
     *
     * @throws IllegalArgumentException if two have the same name or one has an invalid name
     */
    public static Models of(List<? extends ModelLoader> loaders) {
        Objects.requireNonNull(loaders, "loaders");
        Map<String, ModelLoader> byName = new HashMap<>();
        for (ModelLoader loader : loaders) {
            Objects.requireNonNull(loader, "loader");
            String name = Objects.requireNonNull(loader.name(), () -> loader.getClass().getName() + ".name()");
            Objects.requireNonNull(loader.weightsFormat(), () -> loader.getClass().getName() + ".weightsFormat()");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model loader " + loader.getClass().getName() + " is named '" + name
                        + "'; a backend name is 1 to 32 lower-case letters, digits and '-', starting with a letter");
            }
            ModelLoader previous = byName.putIfAbsent(name, loader);
            if (previous != null) {
                throw new IllegalArgumentException("two model loaders are named '" + name + "': "
                        + describe(previous) + " and " + describe(loader));
            }
        }
        List<ModelLoader> ordered = new ArrayList<>(byName.values());
        ordered.sort(Comparator.comparingInt(Models::rank).thenComparing(ModelLoader::name));
        return new Models(List.copyOf(ordered));
    }

    /** The names of the backends present, in order of preference. */
    public List<String> backends() {
        return loaders.stream().map(ModelLoader::name).toList();
    }

    /** The backends present, in order of preference. */
    public List<ModelLoader> loaders() {
        return loaders;
    }

    /**
     * The preferred backend among those that can load {@code bundle} (see the class comment).
     *
     * @throws ModelLoadException with {@link Reason#NO_LOADER} if none of the backends present can
     */
    public ModelLoader choose(ModelBundle bundle) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        List<ModelLoader> able = loaders.stream().filter(l -> l.canLoad(bundle)).toList();
        if (able.isEmpty()) {
            throw new ModelLoadException(Reason.NO_LOADER, "no model backend present can load bundle "
                    + bundle.directory() + ": its weights are " + formats(bundle) + ", backends found: " + found() + "; "
                    + advice(bundle));
        }
        ModelLoader chosen = able.get(0);
        if (able.size() > 1) {
            log.info("bundle {} can be loaded by backends {}; using {} (the preferred one; name another to choose it)",
                    bundle.directory(), able.stream().map(ModelLoader::name).toList(), chosen.name());
        }
        return chosen;
    }

    /**
     * The backend named {@code backend}, checked to be able to load {@code bundle}.
     *
     * @throws ModelLoadException with {@link Reason#NO_LOADER} if no backend present has that name (the message
     *     lists those that do), or {@link Reason#NO_WEIGHTS_FOR_BACKEND} if it cannot load this bundle
     */
    public ModelLoader choose(ModelBundle bundle, String backend) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        ModelLoader loader = named(backend);
        if (!loader.canLoad(bundle)) {
            List<String> able = loaders.stream().filter(l -> l.canLoad(bundle)).map(ModelLoader::name).toList();
            throw new ModelLoadException(Reason.NO_WEIGHTS_FOR_BACKEND, "bundle " + bundle.directory() + " has no "
                    + loader.weightsFormat() + " weights for backend " + loader.name() + " (it has " + formats(bundle)
                    + (able.isEmpty() ? "" : "; backends present that can load it: " + String.join(", ", able)) + ")");
        }
        return loader;
    }

    /**
     * The backend named {@code backend}, whatever bundle it is for.
     *
     * @throws ModelLoadException with {@link Reason#NO_LOADER} if no backend present has that name; the message
     *     lists those that do
     */
    public ModelLoader named(String backend) throws ModelLoadException {
        Objects.requireNonNull(backend, "backend");
        Optional<ModelLoader> match = loaders.stream().filter(l -> l.name().equals(backend)).findFirst();
        if (match.isPresent()) {
            return match.get();
        }
        String available = "(available: " + (loaders.isEmpty() ? "none" : String.join(", ", backends())) + ")";
        Optional<Standard> standard = STANDARD.stream().filter(s -> s.backend().equals(backend)).findFirst();
        throw new ModelLoadException(Reason.NO_LOADER, standard
                .map(s -> "backend '" + backend + "' is not on the class path " + available + "; add "
                        + s.artifact())
                .orElse("unknown backend '" + backend + "' " + available));
    }

    /** Loads the bundle in {@code dir} on the preferred backend with {@link BackendOptions#defaults()}. */
    public Model load(Path dir) throws ModelLoadException {
        return load(dir, BackendOptions.defaults());
    }

    /** Loads the bundle in {@code dir} on the preferred backend that can (see the class comment). */
    public Model load(Path dir, BackendOptions options) throws ModelLoadException {
        Objects.requireNonNull(options, "options");
        ModelBundle bundle = ModelBundle.load(dir);
        return choose(bundle).load(bundle, options);
    }

    /** Loads the bundle in {@code dir} on the named backend with {@link BackendOptions#defaults()}. */
    public Model load(Path dir, String backend) throws ModelLoadException {
        return load(dir, backend, BackendOptions.defaults());
    }

    /**
     * Loads the bundle in {@code dir} on the named backend.
     *
     * @throws ModelLoadException with {@link Reason#NO_LOADER} for an unknown backend (listing the available
     *     ones), {@link Reason#NO_WEIGHTS_FOR_BACKEND} if that backend cannot load the bundle, or any failure of the
     *     bundle or the backend
     */
    public Model load(Path dir, String backend, BackendOptions options) throws ModelLoadException {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        ModelBundle bundle = ModelBundle.load(dir);
        return choose(bundle, backend).load(bundle, options);
    }

    @Override
    public String toString() {
        return "Models" + backends();
    }

    private static int rank(ModelLoader loader) {
        for (int i = 0; i < STANDARD.size(); i++) {
            if (STANDARD.get(i).backend().equals(loader.name())) {
                return i;
            }
        }
        return STANDARD.size();
    }

    private static String describe(ModelLoader loader) {
        var source = loader.getClass().getProtectionDomain().getCodeSource();
        return loader.getClass().getName() + (source == null ? "" : " (" + source.getLocation() + ")");
    }

    private static List<String> formats(ModelBundle bundle) {
        return List.copyOf(new TreeMap<>(bundle.manifest().weights()).keySet());
    }

    private String found() {
        if (loaders.isEmpty()) {
            return "none";
        }
        List<String> each = loaders.stream().map(l -> l.name() + " (reads " + l.weightsFormat() + ")").toList();
        return String.join(", ", each);
    }

    /** What to add to the class path to load this bundle. */
    private static String advice(ModelBundle bundle) {
        List<String> artifacts = STANDARD.stream().filter(s -> bundle.manifest().weights().containsKey(s.weightsFormat()))
                .map(s -> s.artifact() + " (backend " + s.backend() + ")").toList();
        return artifacts.isEmpty()
                ? "add a backend whose ModelLoader reads " + String.join(" or ", formats(bundle))
                : "add " + String.join(" or ", artifacts) + " to the class path";
    }
}
