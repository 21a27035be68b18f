package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime against PyTorch's committed outputs, for every fixture and several session options: single windows
 * (batch 1) against PyTorch's batch-1 outputs, and the 8-window batch in one call against PyTorch's batched outputs.
 * The observed maximum |Java - PyTorch| per fixture is printed and appended to {@code target/parity.txt}.
 */
class ParityTest {
    static final double TOLERANCE = 1e-5;
    private static final Path REPORT = Path.of("target", "parity.txt");

    @BeforeAll
    static void freshReport() throws IOException {
        Files.deleteIfExists(REPORT);
    }

    static Stream<Arguments> cases() {
        List<String> fixtures = List.of(ModelFixtures.LSTM14, ModelFixtures.LSTM14_X3, ModelFixtures.LSTM28,
                ModelFixtures.LSTM28_X3, "test-graphs/tiny");
        List<OnnxOptions> options = List.of(OnnxOptions.defaults(),
                OnnxOptions.builder().intraOpThreads(2).build(),
                OnnxOptions.builder().optimization(OnnxOptions.Optimization.NONE).build());
        return fixtures.stream().flatMap(f -> options.stream().map(o -> Arguments.of(f, o)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String fixture, OnnxOptions options) throws Exception {
        ModelFixtures.Reference ref = ModelFixtures.reference(fixture);
        double maxSingle = 0;
        double maxBatch = 0;
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(fixture), options)) {
            for (ReferenceCase c : ref.cases()) {
                double d = Math.abs(model.predict(c.window(), 0) - c.expected());
                assertThat(d).as("%s case %s: Java %s, PyTorch %s", fixture, c.name(), model.predict(c.window(), 0),
                        c.expected()).isLessThanOrEqualTo(TOLERANCE);
                maxSingle = Math.max(maxSingle, d);
            }
            for (ModelFixtures.Batch b : ref.batches()) {
                float[] out = model.predictBatch(b.windows().toArray(new float[0][]));
                for (int i = 0; i < out.length; i++) {
                    double d = Math.abs(out[i] - b.expected(i));
                    assertThat(d).as("%s %s[%d]: Java %s, PyTorch %s", fixture, b.name(), i, out[i], b.expected(i))
                            .isLessThanOrEqualTo(TOLERANCE);
                    maxBatch = Math.max(maxBatch, d);
                }
            }
        }
        String line = String.format("%-18s %-62s max|Java - PyTorch| single %.2e, batch %.2e%n", fixture, options,
                maxSingle, maxBatch);
        System.out.print(line);
        record(line);
    }

    private static void record(String line) throws IOException {
        if (Files.isDirectory(REPORT.getParent())) {
            Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
