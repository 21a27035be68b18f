package dev.candlesignal.onnx;

import dev.candlesignal.testkit.ModelFixtures;

class Lstm14X3ContractTest extends FixtureContract {
    @Override
    String fixture() {
        return ModelFixtures.LSTM14_X3;
    }
}
