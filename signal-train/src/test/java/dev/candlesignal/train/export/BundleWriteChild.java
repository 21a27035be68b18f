package dev.candlesignal.train.export;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link BundleWriterKillTest}: writes the tiny-lstm28 fixture as a bundle at {@code args[0]},
 * printing {@code at <step>} at each checkpoint and waiting there for a line on stdin, so the parent can kill it at a
 * known point. Prints {@code done} when the bundle is written.
 */
public final class BundleWriteChild {
    private BundleWriteChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ExportFixture f = ExportFixture.load("tiny-lstm28");
        BundleWriter.create().withCheckpoint(step -> {
            System.out.println("at " + step);
            System.out.flush();
            control.readLine();
        }).write(f.weights(3), Manifests.builder(f.inputSize(), f.sequenceLength()), Path.of(args[0]));
        System.out.println("done");
        System.out.flush();
    }
}
