package dev.candlesignal.onnx;

import dev.candlesignal.model.Model;
import dev.candlesignal.testkit.ModelContract;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.util.List;

/**
 * The test kit's model contract on one committed fixture: ONNX Runtime's probabilities within 1e-5 of PyTorch's
 * (the contract's default tolerance), batches equal to single predictions, thread safety, idempotent close.
 */
abstract class FixtureContract extends ModelContract {

    abstract String fixture();

    @Override
    protected Model createModel() throws Exception {
        return OnnxModel.load(ModelFixtures.bundle(fixture()));
    }

    @Override
    protected List<ReferenceCase> referenceCases() {
        return ModelFixtures.reference(fixture()).allCases();
    }
}
