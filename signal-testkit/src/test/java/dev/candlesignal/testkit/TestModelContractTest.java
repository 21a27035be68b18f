package dev.candlesignal.testkit;

import dev.candlesignal.model.Model;
import dev.candlesignal.model.Scaler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The test model passes the same contract as real backends; expected values come from an independent formula. */
class TestModelContractTest extends ModelContract {
    final TestFeatureSet fs = TestFeatureSet.create();

    @Override
    protected Model createModel() {
        return TestModel.linear(fs, 6, "1", Scaler.identity(3), 2.0);
    }

    @Override
    protected List<ReferenceCase> referenceCases() {
        List<ReferenceCase> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 5; k++) {
            float[] w = new float[18];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextDouble() * 4 - 2);
            }
            double z = 0;
            for (int i = 0; i < w.length; i++) {
                z += (float) (Math.sin(i + 1) / Math.sqrt(18)) * w[i];
            }
            cases.add(new ReferenceCase("random " + k, w, (float) (1 / (1 + Math.exp(-2.0 * z)))));
        }
        cases.add(new ReferenceCase("zeros", new float[18], 0.5f));
        return cases;
    }
}
