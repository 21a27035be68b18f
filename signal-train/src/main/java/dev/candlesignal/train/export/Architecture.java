package dev.candlesignal.train.export;

/**
 * The two LSTM architectures of {@code tools/models/architectures.py}, by the names the manifest and the CLI use.
 * Both read a float32 window {@code [batch, sequence, features]} and return P(up) {@code [batch, 1]} after a
 * sigmoid; h0 = c0 = 0 and the prediction is read from the top layer's last time step.
 */
public enum Architecture {
    /** LSTM(input, 64, 2) -> Linear(64, 1) -> sigmoid. */
    LSTM14("lstm14", 64, 2, 0.0, 0),
    /** The seed's LSTM(input, 128, 2, dropout 0.2) -> Linear(128, 64) -> ReLU -> Dropout(0.2) -> Linear(64, 1) -> sigmoid. */
    LSTM28("lstm28", 128, 2, 0.2, 64);

    private final String id;
    private final int hiddenSize;
    private final int numLayers;
    private final double dropout;
    private final int headSize;

    Architecture(String id, int hiddenSize, int numLayers, double dropout, int headSize) {
        this.id = id;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.dropout = dropout;
        this.headSize = headSize;
    }

    /** The name used in manifests and on the command line: {@code lstm14} or {@code lstm28}. */
    public String id() {
        return id;
    }

    /** The reference hidden size. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The reference number of stacked LSTM layers. */
    public int numLayers() {
        return numLayers;
    }

    /** The reference dropout (between LSTM layers, and in lstm28's head). */
    public double dropout() {
        return dropout;
    }

    /** The hidden width of lstm28's head; 0 for lstm14, whose head is one linear layer. */
    public int headSize() {
        return headSize;
    }

    /** The architecture named {@code id}. */
    public static Architecture byId(String id) {
        for (Architecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "' (expected lstm14 or lstm28)");
    }
}
