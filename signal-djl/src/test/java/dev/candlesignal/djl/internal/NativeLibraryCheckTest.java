package dev.candlesignal.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        URL[] urls = new URL[roots.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = roots.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            return NativeLibraryCheck.problem(env, cache);
        }
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
