package dev.candlesignal.onnx;

import dev.candlesignal.testkit.ModelFixtures;

class Lstm28X3ContractTest extends FixtureContract {
    @Override
    String fixture() {
        return ModelFixtures.LSTM28_X3;
    }
}
