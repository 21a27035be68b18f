package dev.candlesignal.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Platform;
import dev.candlesignal.djl.internal.NativeLibraryCheck.Libtorch;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misconfigurations that would make DJL download libtorch or its JNI library are caught first, with the Maven
 * coordinates to add. Each case builds a fake classpath (directories with the jars' property files) and makes it
 * the context class loader, which is where DJL (and the check) look.
 */
class NativeLibraryCheckTest {

    static final String ENGINE = "djl_version=0.35.1\npytorch_version=2.7.1\n";
    static final String THIS_MACHINE = classifier();
    static final String OTHER_MACHINE = THIS_MACHINE.equals("linux-aarch64") ? "linux-x86_64" : "linux-aarch64";

    @TempDir
    Path tmp;
    Path cache;
    ClassLoader saved;
    final List<Path> roots = new ArrayList<>();
    final Function<String, String> noEnv = name -> null;

    static String classifier() {
        String os = System.getProperty("os.name");
        String prefix = os.startsWith("Win") ? "win" : os.startsWith("Mac") ? "osx" : "linux";
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        return prefix + "-" + arch;
    }

    @BeforeEach
    void saveLoader() throws Exception {
        saved = Thread.currentThread().getContextClassLoader();
        cache = Files.createDirectories(tmp.resolve("cache"));
    }

    @AfterEach
    void restoreLoader() {
        Thread.currentThread().setContextClassLoader(saved);
    }

    /** A classpath root ("jar") holding the given files. */
    void jar(String name, Map<String, String> files) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(name));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        roots.add(root);
    }

    void engineJar() throws Exception {
        jar("pytorch-engine-0.35.1.jar", Map.of("pytorch-engine.properties", ENGINE));
    }

    void nativeJar(String classifier) throws Exception {
        jar("pytorch-native-cpu-2.7.1-" + classifier + ".jar", Map.of("native/lib/pytorch.properties",
                "version=2.7.1-20250812\nflavor=cpu\nclassifier=" + classifier + "\nlibraries=libtorch.so\n"));
    }

    void placeholderJar() throws Exception {
        jar("pytorch-native-cpu-2.7.1.jar",
                Map.of("native/lib/pytorch.properties", "placeholder=true\nversion=2.7.1\n"));
    }

    void jniJar(String version) throws Exception {
        jar("pytorch-jni-" + version + ".jar", Map.of("jnilib/pytorch.properties", "jni_version=" + version,
                "jnilib/" + THIS_MACHINE + "/cpu/" + System.mapLibraryName("djl_torch"), ""));
    }

    Optional<String> check() throws Exception {
        return check(noEnv);
    }

    Optional<String> check(Function<String, String> env) throws Exception {
        return withFakeClasspath(() -> NativeLibraryCheck.problem(env, cache));
    }

    <T> T withFakeClasspath(Callable<T> call) throws Exception {
        URL[] urls = new URL[roots.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = roots.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            return call.call();
        }
    }

    /** DJL's own choice, counting how often it is asked for (each time, DJL asks CUDA for a GPU count). */
    static final class DjlDetection {
        final AtomicInteger calls = new AtomicInteger();

        Libtorch get() {
            calls.incrementAndGet();
            return Libtorch.of(Platform.detectPlatform("pytorch"));
        }
    }

    /** The check's choice equals DJL's where the check uses it (for a placeholder: only where it is for). */
    static void assertSameAsDjl(Libtorch ours) {
        Libtorch djl = Libtorch.of(Platform.detectPlatform("pytorch")); // asks CUDA: fine in a test
        assertThat(ours.placeholder()).isEqualTo(djl.placeholder());
        assertThat(ours.classifier()).isEqualTo(djl.classifier());
        if (!djl.placeholder()) {
            assertThat(ours).isEqualTo(djl);
        }
    }

    /** Resolves the fake classpath's libtorch, asserting that DJL's CUDA-asking detection was not needed. */
    Libtorch resolvedWithoutCuda() throws Exception {
        return withFakeClasspath(() -> {
            DjlDetection djl = new DjlDetection();
            Libtorch ours = NativeLibraryCheck.libtorch(Thread.currentThread().getContextClassLoader(), "2.7.1",
                    djl::get);
            assertThat(djl.calls).as("DJL's detection (which asks CUDA) was not needed").hasValue(0);
            assertSameAsDjl(ours);
            return ours;
        });
    }

    @Test
    void cpuBuildsArePickedAsDjlPicksThemWithoutAskingCuda() throws Exception {
        engineJar();
        assertThat(resolvedWithoutCuda().placeholder()).as("no libtorch jar").isTrue();
        placeholderJar();
        assertThat(resolvedWithoutCuda().placeholder()).as("only the placeholder").isTrue();
        nativeJar(OTHER_MACHINE);
        assertThat(resolvedWithoutCuda().placeholder()).as("only another machine's build").isTrue();
        nativeJar(THIS_MACHINE);
        assertThat(resolvedWithoutCuda()).isEqualTo(new Libtorch(false, "2.7.1-20250812", "cpu",
                THIS_MACHINE.split("-")[0], THIS_MACHINE.split("-")[1]));
        // DJL prefers the higher flavor, then the higher version
        jar("pytorch-native-cpu-precxx11.jar", Map.of("native/lib/pytorch.properties",
                "version=2.7.1-20250101\nflavor=cpu-precxx11\nclassifier=" + THIS_MACHINE + "\n"));
        jar("pytorch-native-cpu-newer.jar", Map.of("native/lib/pytorch.properties",
                "version=2.7.1-20250901\nclassifier=cpu-" + THIS_MACHINE + "\n")); // flavor in the classifier
        assertThat(resolvedWithoutCuda().flavor()).isEqualTo("cpu-precxx11");
    }

    @Test
    void theRealTestClasspathIsResolvedAsDjlDoesWithoutAskingCuda() {
        DjlDetection djl = new DjlDetection();
        Libtorch ours = NativeLibraryCheck.libtorch(Thread.currentThread().getContextClassLoader(), "2.7.1",
                djl::get);
        assertThat(djl.calls).hasValue(0);
        assertThat(ours.placeholder()).isFalse();
        assertSameAsDjl(ours);
    }

    @Test
    void aCudaBuildOnTheClasspathLeavesTheChoiceToDjl() throws Exception {
        // the user means to use a GPU: DJL's detection (and its warnings about the CUDA driver) run as before
        engineJar();
        nativeJar(THIS_MACHINE);
        jar("pytorch-native-cu128.jar", Map.of("native/lib/pytorch.properties",
                "version=2.7.1-20250812\nflavor=cu128\nclassifier=" + THIS_MACHINE + "\n"));
        DjlDetection djl = new DjlDetection();
        Libtorch ours = withFakeClasspath(() -> NativeLibraryCheck.libtorch(
                Thread.currentThread().getContextClassLoader(), "2.7.1", djl::get));
        assertThat(djl.calls).hasValue(1);
        withFakeClasspath(() -> {
            assertSameAsDjl(ours);
            return null;
        });
    }

    @Test
    void aBuildWithoutAFlavorLeavesTheChoiceToDjl() throws Exception {
        // DJL takes such a jar's flavor from the system, which needs CUDA's answer
        engineJar();
        jar("pytorch-native-old.jar", Map.of("native/lib/pytorch.properties", "version=1.9.1\n"));
        DjlDetection djl = new DjlDetection();
        withFakeClasspath(() -> NativeLibraryCheck.libtorch(Thread.currentThread().getContextClassLoader(), "2.7.1",
                djl::get));
        assertThat(djl.calls).hasValue(1);
    }

    @Test
    void theRealTestClasspathIsComplete() {
        assertThat(NativeLibraryCheck.problem()).isEmpty();
    }

    @Test
    void aCompleteFakeClasspathPasses() throws Exception {
        engineJar();
        nativeJar(THIS_MACHINE);
        jniJar("2.7.1-0.35.1");
        assertThat(check()).isEmpty();
    }

    @Test
    void noLibtorchJarNamesTheClassifiedCoordinates() throws Exception {
        engineJar();
        jniJar("2.7.1-0.35.1");
        assertThat(check()).hasValueSatisfying(m -> assertThat(m)
                .contains("there is no libtorch jar on the classpath")
                .contains("ai.djl.pytorch:pytorch-native-cpu:2.7.1:" + THIS_MACHINE));
    }

    @Test
    void thePlaceholderJarWithoutClassifierIsNamed() throws Exception {
        engineJar();
        placeholderJar();
        jniJar("2.7.1-0.35.1");
        assertThat(check()).hasValueSatisfying(m -> assertThat(m)
                .contains("the placeholder pytorch-native-cpu-2.7.1.jar")
                .contains("ai.djl.pytorch:pytorch-native-cpu:2.7.1:" + THIS_MACHINE)
                .contains("download"));
    }

    @Test
    void aLibtorchForAnotherPlatformIsNamed() throws Exception {
        engineJar();
        nativeJar(OTHER_MACHINE);
        jniJar("2.7.1-0.35.1");
        assertThat(check()).hasValueSatisfying(m -> assertThat(m)
                .contains("no libtorch for this machine (" + THIS_MACHINE + ")")
                .contains("cpu-" + OTHER_MACHINE + " from pytorch-native-cpu-2.7.1-" + OTHER_MACHINE + ".jar")
                .contains("ai.djl.pytorch:pytorch-native-cpu:2.7.1:" + THIS_MACHINE));
    }

    @Test
    void aMissingJniJarNamesItsCoordinates() throws Exception {
        engineJar();
        nativeJar(THIS_MACHINE);
        assertThat(check()).hasValueSatisfying(m -> assertThat(m)
                .contains("JNI jar is missing").contains("ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1"));
    }

    @Test
    void aJniJarForAnotherDjlVersionIsAMismatch() throws Exception {
        // what a DJL 0.36.0 engine with the only JNI jar on Central looks like, seen from the other side
        engineJar();
        nativeJar(THIS_MACHINE);
        jniJar("2.5.1-0.32.0");
        assertThat(check()).hasValueSatisfying(m -> assertThat(m)
                .contains("pytorch-jni 2.5.1-0.32.0").contains("needs ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1"));
    }

    @Test
    void aJniLibraryAlreadyInDjlsCacheIsEnough() throws Exception {
        engineJar();
        nativeJar(THIS_MACHINE);
        Path dir = Files.createDirectories(cache.resolve("2.7.1-20250812-cpu-" + THIS_MACHINE));
        Files.writeString(dir.resolve("0.35.1-" + System.mapLibraryName("djl_torch")), "");
        assertThat(check()).isEmpty();
    }

    @Test
    void pytorchVersionPointingElsewhereWouldDownload() throws Exception {
        engineJar();
        nativeJar(THIS_MACHINE);
        jniJar("2.7.1-0.35.1");
        assertThat(check(name -> name.equals("PYTORCH_VERSION") ? "2.5.1" : null)).hasValueSatisfying(m ->
                assertThat(m).contains("PYTORCH_VERSION=2.5.1").contains("unset"));
        assertThat(check(name -> name.equals("PYTORCH_VERSION") ? "2.7.1" : null)).isEmpty();
    }

    @Test
    void aUserInstalledLibtorchIsTrusted() throws Exception {
        engineJar();
        assertThat(check(name -> name.equals("PYTORCH_LIBRARY_PATH") ? "/opt/libtorch/lib" : null)).isEmpty();
    }

    @Test
    void withoutTheEngineJarNothingElseIsChecked() throws Exception {
        nativeJar(THIS_MACHINE);
        assertThat(check()).hasValueSatisfying(m -> assertThat(m).contains("ai.djl.pytorch:pytorch-engine"));
    }
}
