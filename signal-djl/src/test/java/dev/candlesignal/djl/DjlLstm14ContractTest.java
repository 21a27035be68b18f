package dev.candlesignal.djl;

import dev.candlesignal.model.Model;
import dev.candlesignal.testkit.ModelContract;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.util.List;

/**
 * The 14-feature reference architecture (LSTM 14 -> 64 x 2, weights x 3) on DJL passes the backend contract:
 * probabilities within 1e-5 of PyTorch 1.13's (single windows and the batch of 8), at an offset, batched equal to
 * single, concurrently, closed twice.
 */
class DjlLstm14ContractTest extends ModelContract {

    @Override
    protected Model createModel() throws Exception {
        return DjlModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3));
    }

    @Override
    protected List<ReferenceCase> referenceCases() {
        return ModelFixtures.reference(ModelFixtures.LSTM14_X3).allCases();
    }
}
