package dev.candlesignal.onnx.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle {@link TensorSlot}s by batch size, shared by all threads. A caller borrows a slot (reusing an idle one of its
 * batch size or creating one), runs, and returns it; each slot has one user at a time. At most {@code maxIdle}
 * slots are kept idle and no idle slot larger than {@code maxSlotBytes}: a returned slot beyond either bound is
 * closed, so rare batch sizes and huge batches do not pin native memory.
 *
 * <p>Thread-safe. {@link #close()} closes the idle slots; the owner must make sure no slot is borrowed then.
 */
public final class SlotPool implements AutoCloseable {

    /** Creates a slot for a batch size. */
    @FunctionalInterface
    public interface Factory {
        TensorSlot create(int batch) throws Exception;
    }

    private final Factory factory;
    private final int maxIdle;
    private final long maxSlotBytes;
    /**
     * Idle slots per batch size. Each deque is sized for {@code maxIdle} up front and guarded by its own monitor, so
     * borrowing and returning allocate nothing (a linked deque would allocate a node per return).
     */
    private final ConcurrentHashMap<Integer, ArrayDeque<TensorSlot>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();

    public SlotPool(Factory factory, int maxIdle, long maxSlotBytes) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.maxIdle = maxIdle;
        this.maxSlotBytes = maxSlotBytes;
    }

    /** An idle slot of this batch size, or a new one. */
    public TensorSlot borrow(int batch) throws Exception {
        ArrayDeque<TensorSlot> q = idle.get(batch);
        if (q != null) {
            TensorSlot s;
            synchronized (q) {
                s = q.pollFirst();
            }
            if (s != null) {
                idleCount.decrementAndGet();
                return s;
            }
        }
        created.incrementAndGet();
        return factory.create(batch);
    }

    /** Takes a slot back for reuse, or closes it when the pool is full or the slot too large. */
    public void release(TensorSlot slot) {
        if (slot.bytes() <= maxSlotBytes && idleCount.incrementAndGet() <= maxIdle) {
            ArrayDeque<TensorSlot> q = idle.get(slot.batch());
            if (q == null) {
                q = idle.computeIfAbsent(slot.batch(), b -> new ArrayDeque<>(maxIdle + 1));
            }
            synchronized (q) {
                q.offerFirst(slot);
            }
            return;
        }
        if (slot.bytes() <= maxSlotBytes) {
            idleCount.decrementAndGet();
        }
        slot.close();
    }

    /** Slots created so far (for tests: reuse means this stops growing). */
    public long created() {
        return created.get();
    }

    /** Slots idle now. */
    public int idle() {
        return idleCount.get();
    }

    @Override
    public void close() {
        for (ArrayDeque<TensorSlot> q : idle.values()) {
            synchronized (q) {
                TensorSlot s;
                while ((s = q.pollFirst()) != null) {
                    idleCount.decrementAndGet();
                    s.close();
                }
            }
        }
    }
}
