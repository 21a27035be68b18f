package dev.candlesignal.onnx.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
    private final ConcurrentHashMap<Integer, ConcurrentLinkedDeque<TensorSlot>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();

    public SlotPool(Factory factory, int maxIdle, long maxSlotBytes) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.maxIdle = maxIdle;
        this.maxSlotBytes = maxSlotBytes;
    }

    /** An idle slot of this batch size, or a new one. */
    public TensorSlot borrow(int batch) throws Exception {
        ConcurrentLinkedDeque<TensorSlot> q = idle.get(batch);
        if (q != null) {
            TensorSlot s = q.pollFirst();
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
            idle.computeIfAbsent(slot.batch(), b -> new ConcurrentLinkedDeque<>()).offerFirst(slot);
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
        for (ConcurrentLinkedDeque<TensorSlot> q : idle.values()) {
            TensorSlot s;
            while ((s = q.pollFirst()) != null) {
                idleCount.decrementAndGet();
                s.close();
            }
        }
    }
}
