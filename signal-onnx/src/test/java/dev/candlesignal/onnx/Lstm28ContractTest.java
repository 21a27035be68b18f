package dev.candlesignal.onnx;

import dev.candlesignal.testkit.ModelFixtures;

class Lstm28ContractTest extends FixtureContract {
    @Override
    String fixture() {
        return ModelFixtures.LSTM28;
    }
}
