package dev.candlesignal.architecture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.cli.CandleSignalCli;
import dev.candlesignal.indicators.FeatureSets;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's application on the module path: it requires our modules by name, builds a {@code SignalEngine} over
 * the standard 14 features and a test-kit model, feeds it candles and prints what it sees, in a child JVM started
 * with {@code java --module-path ... -m consumer/consumer.Main}. A second consumer that imports
 * {@code dev.candlesignal.internal} must not compile.
 */
class ModulePathConsumerTest {
    /** The modules that are automatic by a manifest entry, with a class each to find their class path entry. */
    private static final Map<String, Class<?>> AUTOMATIC = Map.of(
            "dev.candlesignal.indicators", FeatureSets.class,
            "dev.candlesignal.cli", CandleSignalCli.class);

    private static final String CONSUMER_MODULE = """
            module consumer {
                requires dev.candlesignal.engine;
                requires dev.candlesignal.indicators;
                requires dev.candlesignal.testkit;
            }
            """;

    private static final String CONSUMER_MAIN = """
            package consumer;

            import dev.candlesignal.Candle;
            import dev.candlesignal.Interval;
            import dev.candlesignal.StreamKey;
            import dev.candlesignal.engine.SignalEngine;
            import dev.candlesignal.feature.FeatureSet;
            import dev.candlesignal.indicators.FeatureSets;
            import dev.candlesignal.model.Model;
            import dev.candlesignal.testkit.Candles;
            import dev.candlesignal.testkit.TestModel;
            import java.util.List;

            public final class Main {
                public static void main(String[] args) {
                    FeatureSet features = FeatureSets.standard14();
                    StreamKey btc = StreamKey.of("BTCUSDT", Interval.HOUR_1);
                    List<Candle> candles = Candles.randomWalk(42, 300);
                    int scored = 0;
                    int warmUp;
                    try (Model model = TestModel.linear(features, 10, "consumer-1");
                            SignalEngine engine = SignalEngine.builder()
                                    .featureSet(features)
                                    .model(model)
                                    .listener(signal -> { })
                                    .build()) {
                        warmUp = engine.candlesToReady();
                        for (Candle candle : candles) {
                            if (engine.onCandle(btc, candle).probability().isPresent()) {
                                scored++;
                            }
                        }
                    }
                    System.out.println("candles " + candles.size() + ", warm-up " + warmUp + ", scored " + scored);
                    System.out.println("engine in " + describe(SignalEngine.class.getModule()));
                    System.out.println("features in " + describe(FeatureSets.class.getModule()));
                    System.out.println("test kit in " + describe(TestModel.class.getModule()));
                    System.out.println("api exports dev.candlesignal.internal: "
                            + Candle.class.getModule().isExported("dev.candlesignal.internal"));
                }

                private static String describe(Module module) {
                    return module.getName() + (module.getDescriptor().isAutomatic() ? " (automatic)" : "");
                }
            }
            """;

    private static final String INTRUDER_MODULE = """
            module intruder {
                requires dev.candlesignal.api;
            }
            """;

    private static final String INTRUDER_CLASS = """
            package intruder;

            import dev.candlesignal.internal.Json;

            public final class Intruder {
                static final Class<?> TYPE = Json.class;
            }
            """;

    private static ModulePath path;

    @BeforeAll
    static void splitTheClassPath(@TempDir Path scratch) throws IOException, URISyntaxException {
        List<Path> entries = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
        Map<String, Path> automatic = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> a : AUTOMATIC.entrySet()) {
            automatic.put(a.getKey(),
                    Path.of(a.getValue().getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        path = ModulePath.of(entries, List.of("dev.candlesignal.engine", "dev.candlesignal.indicators",
                "dev.candlesignal.testkit"), automatic, scratch);
    }

    @Test
    void theAutomaticModulesJarsNameThemselves() throws URISyntaxException {
        // under mvn verify these are the real jars: their manifests must carry Automatic-Module-Name
        for (Map.Entry<String, Class<?>> a : AUTOMATIC.entrySet()) {
            Path entry = Path.of(a.getValue().getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(entry)) {
                assertThat(ModuleFinder.of(entry).findAll())
                        .singleElement()
                        .satisfies(ref -> assertThat(ref.descriptor().name()).isEqualTo(a.getKey()));
            }
        }
    }

    @Test
    void aConsumerRunsOnTheModulePath(@TempDir Path work) throws Exception {
        Path out = work.resolve("consumer");
        List<String> errors = compile(work.resolve("src-consumer"), out, Map.of(
                "module-info.java", CONSUMER_MODULE, "consumer/Main.java", CONSUMER_MAIN));
        assertThat(errors).as("compiling the consumer").isEmpty();

        List<Path> modulePath = new ArrayList<>(path.modulePath);
        modulePath.add(out);
        Path argFile = work.resolve("java.args");
        Files.writeString(argFile, String.join("\n",
                "--module-path", quote(ModulePath.join(modulePath)),
                "--class-path", quote(ModulePath.join(path.classPath)),
                "-m", "consumer/consumer.Main"), UTF_8);
        Path log = work.resolve("consumer.out");
        Process java = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = java.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            java.destroyForcibly();
        }
        String output = Files.readString(log, UTF_8);
        System.out.println("module path: " + ModulePath.join(modulePath));
        System.out.println(output);
        assertThat(exited).as("consumer finished; output so far:%n%s", output).isTrue();
        assertThat(java.exitValue()).as("consumer exit status; output:%n%s", output).isZero();

        assertThat(output)
                .contains("engine in dev.candlesignal.engine\n")
                .contains("features in dev.candlesignal.indicators (automatic)\n")
                .contains("test kit in dev.candlesignal.testkit\n")
                .contains("api exports dev.candlesignal.internal: false\n");
        Matcher m = Pattern.compile("candles (\\d+), warm-up (\\d+), scored (\\d+)").matcher(output);
        assertThat(m.find()).as("summary line in:%n%s", output).isTrue();
        int candles = Integer.parseInt(m.group(1));
        int warmUp = Integer.parseInt(m.group(2));
        int scored = Integer.parseInt(m.group(3));
        // every candle from the one that completes the warm-up on gets a probability
        assertThat(scored).isPositive().isEqualTo(candles - warmUp + 1);
    }

    @Test
    void theApiInternalsAreNotVisible(@TempDir Path work) throws IOException {
        List<String> errors = compile(work.resolve("src-intruder"), work.resolve("intruder"), Map.of(
                "module-info.java", INTRUDER_MODULE, "intruder/Intruder.java", INTRUDER_CLASS));
        assertThat(errors).as("compiling a consumer that imports dev.candlesignal.internal")
                .anySatisfy(e -> assertThat(e)
                        .contains("package dev.candlesignal.internal is not visible")
                        .contains("does not export it"));
    }

    /** Compiles one module with the system compiler, in this JVM; returns the error messages. */
    private static List<String> compile(Path sources, Path out, Map<String, String> files) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = sources.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue(), UTF_8);
            paths.add(file);
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-proc:none", "-Xlint:-requires-automatic",
                    "--module-path", ModulePath.join(path.modulePath),
                    "--class-path", ModulePath.join(path.classPath));
            javac.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(paths)).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
