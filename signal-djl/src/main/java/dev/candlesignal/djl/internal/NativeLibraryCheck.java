package dev.candlesignal.djl.internal;

import ai.djl.util.ClassLoaderUtils;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before DJL's PyTorch engine starts, that it will find libtorch and its JNI library on the classpath
 * instead of downloading them from {@code publish.djl.ai}. DJL downloads (and, offline, fails with an unclear
 * {@code Failed to save pytorch index file}) in exactly these cases, read from {@code ai.djl.pytorch.jni.LibUtils}
 * and {@code ai.djl.util.Platform} of DJL 0.35.1:
 * <ul>
 *   <li>no {@code native/lib/pytorch.properties} for this OS and CPU, or only the 3 KB placeholder jar
 *   ({@code pytorch-native-cpu} without a classifier);
 *   <li>{@code PYTORCH_VERSION} names another libtorch than the jar's;
 *   <li>no {@code jnilib/pytorch.properties} ({@code pytorch-jni} missing), or its {@code jni_version} does not
 *   start with {@code <libtorch version>-<DJL version>}, and the JNI library is not already in DJL's cache.
 * </ul>
 * Each problem is reported with the Maven coordinates to add. {@code PYTORCH_LIBRARY_PATH} (a libtorch the user
 * installed) skips the check.
 *
 * <p>The check picks the libtorch jar exactly as DJL's {@code Platform.detectPlatform("pytorch")} does, but without
 * its CUDA detection when every libtorch jar on the classpath is a CPU build ({@link #libtorch}): DJL's detection
 * asks the CUDA runtime for a GPU count once for the system and once per jar, and on a machine with a CUDA runtime
 * but no usable driver each ask logs a WARN ({@code Failed to detect GPU count}). A CPU build runs on any machine
 * of its OS and architecture, so the answer cannot change the choice there. When a CUDA build is on the classpath
 * (the user means to use a GPU), DJL's own detection runs, warnings included.
 *
 * <p>Resources are looked up through the thread's context class loader, as DJL does. Stateless.
 */
public final class NativeLibraryCheck {

    /** What DJL 0.35.1 accepts as a libtorch version: {@code 2.7.1}, optionally followed by a build date. */
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+(-[a-z]+)?)(-SNAPSHOT)?(-\\d+)?");
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";
    private static final String ENGINE_PROPERTIES = "pytorch-engine.properties";

    private NativeLibraryCheck() {
    }

    /** The problem that would make DJL download something, if any, read from the environment and properties. */
    public static Optional<String> problem() {
        return problem(Utils::getEnvOrSystemProperty, Utils.getEngineCacheDir("pytorch"));
    }

    /**
     * The same, with the environment lookup and the cache directory injected.
     *
     * @param envOrProperty DJL's "environment variable, else system property" lookup; returns {@code null} if unset
     * @param cacheDir DJL's PyTorch engine cache ({@code Utils.getEngineCacheDir("pytorch")})
     */
    public static Optional<String> problem(Function<String, String> envOrProperty, Path cacheDir) {
        ClassLoader loader = ClassLoaderUtils.getContextClassLoader();
        Properties engine = load(loader, ENGINE_PROPERTIES);
        if (engine == null || engine.getProperty("djl_version") == null
                || engine.getProperty("pytorch_version") == null) {
            return Optional.of("DJL's PyTorch engine jar is missing from the classpath (no " + ENGINE_PROPERTIES
                    + "): add ai.djl.pytorch:pytorch-engine and make sure a shaded jar keeps its resources");
        }
        String djlVersion = engine.getProperty("djl_version");
        String torchVersion = engine.getProperty("pytorch_version");
        if (!isBlank(envOrProperty.apply("PYTORCH_LIBRARY_PATH"))) {
            return Optional.empty(); // the user points DJL at an installed libtorch (docs/djl.md)
        }

        Libtorch platform = libtorch(loader, torchVersion, () -> Libtorch.of(Platform.detectPlatform("pytorch")));
        String classifier = platform.classifier();
        String nativeCoordinates = "ai.djl.pytorch:pytorch-native-cpu:" + torchVersion + ":" + classifier;
        if (platform.placeholder()) {
            List<String> found = describeNativeJars(loader);
            String what = found.isEmpty()
                    ? "there is no libtorch jar on the classpath"
                    : "the classpath has no libtorch for this machine (" + classifier + "), only "
                            + String.join("; ", found);
            return Optional.of("DJL would download libtorch at run time because " + what + ". Add the dependency "
                    + nativeCoordinates + " (runtime scope, with the classifier; the jar without a classifier is a"
                    + " placeholder) from Maven Central"
                    + (classifier.equals("osx-x86_64") ? " (note: no libtorch " + torchVersion
                            + " exists for Intel Macs on Maven Central)" : ""));
        }
        String overrideVersion = envOrProperty.apply("PYTORCH_VERSION");
        if (!isBlank(overrideVersion) && !platform.version().startsWith(overrideVersion)) {
            return Optional.of("PYTORCH_VERSION=" + overrideVersion + " differs from the libtorch on the classpath ("
                    + platform.version() + "), so DJL would download libtorch " + overrideVersion
                    + " at run time; unset PYTORCH_VERSION");
        }

        Matcher m = VERSION.matcher(platform.version());
        if (!m.matches()) {
            return Optional.of("unexpected libtorch version '" + platform.version() + "' in " + NATIVE_PROPERTIES);
        }
        String libtorch = m.group(1);
        String jniCoordinates = "ai.djl.pytorch:pytorch-jni:" + libtorch + "-" + djlVersion;
        String flavor = platform.flavor();
        String jniName = System.mapLibraryName("djl_torch");
        // DJL takes a JNI library that is already in its cache without looking at the jar
        Path cached = cacheDir.resolve(platform.version() + "-" + flavor + "-" + classifier)
                .resolve(djlVersion + "-" + jniName);
        if (Files.isRegularFile(cached)) {
            return Optional.empty();
        }
        Properties jni = load(loader, JNI_PROPERTIES);
        if (jni == null) {
            return Optional.of("DJL would download its JNI library (" + jniName + ") at run time because the JNI jar"
                    + " is missing from the classpath. Add the dependency " + jniCoordinates
                    + " (runtime scope) from Maven Central");
        }
        String jniVersion = jni.getProperty("jni_version", "(none)");
        if (!jniVersion.startsWith(libtorch + "-" + djlVersion)) {
            return Optional.of("DJL would download its JNI library at run time because the classpath has pytorch-jni "
                    + jniVersion + " but libtorch " + libtorch + " with DJL " + djlVersion + " needs " + jniCoordinates
                    + ". Use " + jniCoordinates + " (the version is <libtorch version>-<DJL version>), or align"
                    + " ai.djl:api and ai.djl.pytorch:pytorch-engine with the JNI jar");
        }
        String jniResource = "jnilib/" + classifier + "/" + flavor + "/" + jniName;
        if (loader.getResource(jniResource) == null) {
            return Optional.of(jniCoordinates + " has no JNI library for " + classifier + " (" + flavor + "): "
                    + jniResource + " is missing");
        }
        return Optional.empty();
    }

    /**
     * The libtorch that DJL's {@code Platform.detectPlatform("pytorch")} picks, as far as this check needs it.
     *
     * @param placeholder whether it is a placeholder (DJL would download), as DJL reports it
     * @param version the libtorch version, e.g. {@code 2.7.1-20250812}
     * @param flavor e.g. {@code cpu}; for a placeholder, whatever DJL would report
     * @param osPrefix {@code linux}, {@code osx} or {@code win}
     * @param osArch e.g. {@code x86_64}
     */
    record Libtorch(boolean placeholder, String version, String flavor, String osPrefix, String osArch) {
        static Libtorch of(Platform p) {
            return new Libtorch(p.isPlaceholder(), p.getVersion(), p.getFlavor(), p.getOsPrefix(), p.getOsArch());
        }

        String classifier() {
            return osPrefix + "-" + osArch;
        }
    }

    /**
     * DJL 0.35.1's choice of libtorch ({@code Platform.detectPlatform}: every {@value #NATIVE_PROPERTIES} on the
     * classpath, placeholders kept, real builds kept when they match the system's OS and architecture, the highest
     * flavor then version first), worked out without asking CUDA when every jar is a CPU build. DJL's matching asks
     * CUDA only to compare a CUDA build's version with the system's; a CPU build matches on OS and architecture
     * alone. Anything else (a CUDA build, a file DJL would fail on, an unknown OS) is left to {@code djl}, DJL's own
     * detection, so that the result is DJL's in every case.
     *
     * @param torchVersion {@code pytorch_version} of {@value #ENGINE_PROPERTIES}, which DJL reports for the system
     *     platform when no jar matches
     */
    static Libtorch libtorch(ClassLoader loader, String torchVersion, Supplier<Libtorch> djl) {
        String osName = System.getProperty("os.name", "");
        String os = osName.startsWith("Win") ? "win" : osName.startsWith("Mac") ? "osx"
                : osName.startsWith("Linux") ? "linux" : null;
        if (os == null) {
            return djl.get();
        }
        String arch = System.getProperty("os.arch");
        if ("amd64".equals(arch)) {
            arch = "x86_64";
        }
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(NATIVE_PROPERTIES));
        } catch (IOException e) {
            return djl.get();
        }
        Libtorch best = null;
        Libtorch placeholder = null;
        for (URL url : urls) {
            Properties p = read(url);
            if (p == null || p.getProperty("version") == null) {
                return djl.get(); // DJL fails on it: let it, with its own message
            }
            String flavor = p.getProperty("flavor");
            String jarOs = os;
            String jarArch = arch;
            String classifier = p.getProperty("classifier", "");
            if (!classifier.isEmpty()) {
                String[] tokens = classifier.split("-");
                if (tokens.length < (flavor == null ? 3 : 2)) {
                    return djl.get();
                }
                int at = 0;
                if (flavor == null) {
                    flavor = tokens[at++];
                }
                jarOs = tokens[at++];
                jarArch = tokens[at];
            }
            boolean isPlaceholder = p.getProperty("placeholder") != null;
            if (isPlaceholder) {
                // DJL keeps a placeholder without matching it; only its OS and architecture are used here
                if (placeholder == null) {
                    placeholder = new Libtorch(true, p.getProperty("version"), flavor == null ? "cpu" : flavor,
                            jarOs, jarArch);
                }
                continue;
            }
            if (flavor == null || !(flavor.startsWith("cpu") || flavor.equals("mkl"))) {
                return djl.get(); // a CUDA build, or one whose flavor DJL takes from the system: DJL asks CUDA
            }
            if (!jarOs.equals(os) || !jarArch.equals(arch)) {
                continue; // DJL: "Ignore mismatching platform"
            }
            Libtorch candidate = new Libtorch(false, p.getProperty("version"), flavor, jarOs, jarArch);
            if (best == null || compare(candidate, best) > 0) {
                best = candidate; // the first of equals stays, as DJL's stable sort keeps it
            }
        }
        if (best != null) {
            return best;
        }
        if (placeholder != null) {
            return placeholder;
        }
        return new Libtorch(true, torchVersion, "cpu", os, arch); // DJL's system platform, marked a placeholder
    }

    /** DJL's order among matching builds: flavor, then version, both as strings. */
    private static int compare(Libtorch a, Libtorch b) {
        int c = a.flavor().compareTo(b.flavor());
        return c != 0 ? c : a.version().compareTo(b.version());
    }

    /** One line per {@code native/lib/pytorch.properties} on the classpath, for messages. */
    private static List<String> describeNativeJars(ClassLoader loader) {
        List<String> out = new ArrayList<>();
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(NATIVE_PROPERTIES));
        } catch (IOException e) {
            return List.of("(cannot list " + NATIVE_PROPERTIES + ": " + e + ")");
        }
        for (URL url : urls) {
            Properties p = read(url);
            String source = jarOf(url);
            if (p == null) {
                out.add("an unreadable " + source);
            } else if (p.getProperty("placeholder") != null) {
                out.add("the placeholder " + source + " (no classifier)");
            } else {
                out.add(p.getProperty("flavor", "?") + "-" + p.getProperty("classifier", "?") + " from " + source);
            }
        }
        return out;
    }

    /** The jar (or classpath directory) a resource comes from: its last path segment. */
    private static String jarOf(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        String root = bang > 0 ? s.substring(0, bang) : s.substring(0, s.length() - NATIVE_PROPERTIES.length() - 1);
        return root.substring(root.lastIndexOf('/') + 1);
    }

    private static Properties load(ClassLoader loader, String name) {
        URL url = loader.getResource(name);
        return url == null ? null : read(url);
    }

    private static Properties read(URL url) {
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
