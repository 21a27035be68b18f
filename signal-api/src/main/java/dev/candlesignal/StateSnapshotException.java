package dev.candlesignal;

/**
 * A stream's state could not be snapshotted or restored: the feature set cannot write its calculator state (a
 * custom feature that keeps a live Ta4j series, a calculator that does not implement it), or the snapshot bytes are
 * not one this code can read (another format version, another feature set or window shape, truncated or corrupt
 * data). The message names what was expected and what was found; the stream the caller asked about is left as it
 * was.
 */
public class StateSnapshotException extends SignalException {
    private static final long serialVersionUID = 1L;

    public StateSnapshotException(String message) {
        super(message);
    }

    public StateSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
