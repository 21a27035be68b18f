package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code onnx.checker.check_model(model, full_check=True)} (the ONNX project's own validator, with strict shape
 * inference) accepts every graph the writer makes for the fixtures, and protobuf re-serialises each to the very same
 * bytes (so the hand-written encoding is protobuf's canonical one).
 *
 * <p>Needs Debian's {@code /usr/bin/python3} with {@code python3-onnx} ({@code .ci/run} installs it); skipped, with
 * the reason, where that is missing.
 */
class OnnxCheckerTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = String.join("\n",
            "import sys, onnx",
            "for path in sys.argv[1:]:",
            "    data = open(path, 'rb').read()",
            "    model = onnx.load_from_string(data)",
            "    onnx.checker.check_model(model, full_check=True)",
            "    same = model.SerializeToString() == data",
            "    print('%s checked (onnx %s, ir %d, opset %d), canonical %s' % (path, onnx.__version__,",
            "          model.ir_version, model.opset_import[0].version, same))",
            "");

    @TempDir
    Path tmp;

    @Test
    void theOnnxCheckerAcceptsEveryWrittenGraph() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + ": install Debian's python3 and python3-onnx");
        assumeTrue(run(List.of(PYTHON.toString(), "-c", "import onnx")).exit == 0,
                PYTHON + " cannot import onnx: apt-get install python3-onnx");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", SCRIPT));
        for (String name : ExportFixture.NAMES) {
            ExportFixture f = ExportFixture.load(name);
            for (double scale : ExportFixture.SCALES) {
                Path file = tmp.resolve(name + "-x" + (int) scale + ".onnx");
                Files.write(file, OnnxLstmGraph.toBytes(f.weights(scale), f.sequenceLength()));
                command.add(file.toString());
            }
        }
        Result r = run(command);
        System.out.print(r.output);
        assertThat(r.exit).as("python3 onnx.checker:\n%s", r.output).isZero();
        assertThat(r.output.lines().filter(l -> l.endsWith("canonical True")).count())
                .as(r.output).isEqualTo(command.size() - 3);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python3 did not finish in 120 s: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
