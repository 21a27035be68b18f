package dev.candlesignal.indicators.internal;

import dev.candlesignal.StateSnapshotException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Reading and writing the streaming indicators' state for calculator snapshots: doubles as their raw bits (NaN
 * payloads and -0.0 survive, so a restored indicator continues bit for bit), rings with their length so that a
 * snapshot of another window is refused instead of misread.
 */
public final class StateIo {
    private StateIo() {
    }

    public static void writeDouble(DataOutput out, double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    public static double readDouble(DataInput in) throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    /** The ring's length, then its values. */
    public static void writeRing(DataOutput out, double[] ring) throws IOException {
        out.writeInt(ring.length);
        for (double v : ring) {
            writeDouble(out, v);
        }
    }

    /** Fills {@code ring} from a {@link #writeRing} of a ring of the same length. */
    public static void readRing(DataInput in, double[] ring, String what) throws IOException {
        int length = in.readInt();
        if (length != ring.length) {
            throw new StateSnapshotException(what + ": snapshot holds a ring of " + length + " values, expected "
                    + ring.length);
        }
        for (int i = 0; i < length; i++) {
            ring[i] = readDouble(in);
        }
    }

    /** Reads an index into a ring of {@code length}, refusing one outside {@code [min, length)}. */
    public static int readIndex(DataInput in, int min, int length, String what) throws IOException {
        int index = in.readInt();
        if (index < min || index >= length) {
            throw new StateSnapshotException(what + ": snapshot index " + index + " outside [" + min + ", " + length + ")");
        }
        return index;
    }

    /** Reads a count, refusing a negative one. */
    public static long readCount(DataInput in, String what) throws IOException {
        long count = in.readLong();
        if (count < 0) {
            throw new StateSnapshotException(what + ": snapshot holds a negative count " + count);
        }
        return count;
    }
}
