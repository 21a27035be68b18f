package dev.candlesignal.onnx;

import dev.candlesignal.testkit.ModelFixtures;

class Lstm14ContractTest extends FixtureContract {
    @Override
    String fixture() {
        return ModelFixtures.LSTM14;
    }
}
