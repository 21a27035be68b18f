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
 * Each problem is reported with the Maven coordinates to add. It uses DJL's own platform detection so that it
 * agrees with what the engine will do. {@code PYTORCH_LIBRARY_PATH} (a libtorch the user installed) skips the check.
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

        Platform platform = Platform.detectPlatform("pytorch");
        String classifier = platform.getOsPrefix() + "-" + platform.getOsArch();
        String nativeCoordinates = "ai.djl.pytorch:pytorch-native-cpu:" + torchVersion + ":" + classifier;
        if (platform.isPlaceholder()) {
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
        if (!isBlank(overrideVersion) && !platform.getVersion().startsWith(overrideVersion)) {
            return Optional.of("PYTORCH_VERSION=" + overrideVersion + " differs from the libtorch on the classpath ("
                    + platform.getVersion() + "), so DJL would download libtorch " + overrideVersion
                    + " at run time; unset PYTORCH_VERSION");
        }

        Matcher m = VERSION.matcher(platform.getVersion());
        if (!m.matches()) {
            return Optional.of("unexpected libtorch version '" + platform.getVersion() + "' in " + NATIVE_PROPERTIES);
        }
        String libtorch = m.group(1);
        String jniCoordinates = "ai.djl.pytorch:pytorch-jni:" + libtorch + "-" + djlVersion;
        String flavor = platform.getFlavor();
        String jniName = System.mapLibraryName("djl_torch");
        // DJL takes a JNI library that is already in its cache without looking at the jar
        Path cached = cacheDir.resolve(platform.getVersion() + "-" + flavor + "-" + classifier)
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
