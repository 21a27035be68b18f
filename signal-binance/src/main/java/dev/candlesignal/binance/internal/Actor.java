package dev.candlesignal.binance.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs posted tasks in order: a subscription's state lives on it, so it needs no locks and its
 * listener is called from one thread at a time. Tasks may block (REST repairs); messages that arrive meanwhile
 * queue up and are handled afterwards, which is what "repair before delivering anything newer" needs.
 *
 * <p>{@link #stop()} lets the current task end (interrupting it if it blocks), then runs the exit hook on the
 * actor thread and ends it. Tasks posted after that are dropped.
 *
 * <p>Thread-safe.
 */
public final class Actor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Actor.class);

    /** A task; exceptions go to the failure handler. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /** Handles a task's exception. */
    @FunctionalInterface
    public interface FailureHandler {
        void failed(Throwable t);
    }

    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Activity activity;
    private final Runnable onExit;
    private final FailureHandler onFailure;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    public Actor(String name, Activity activity, Runnable onExit, FailureHandler onFailure) {
        this.activity = activity;
        this.onExit = onExit;
        this.onFailure = onFailure;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void execute(Runnable command) {
        post(command::run);
    }

    /**
     * Queues a task; returns false (and drops it) if the actor is stopping.
     */
    public boolean post(Task task) {
        synchronized (queue) {
            if (stopping) {
                return false;
            }
            pending.incrementAndGet();
            queue.add(task);
            return true;
        }
    }

    /**
     * Whether the actor has nothing it could do without the clock moving: no task queued or running, or its
     * thread waits on the clock (then queued tasks wait too). For tests with a virtual clock.
     */
    public boolean idle() {
        return pending.get() == 0 || activity.isSleeping(thread);
    }

    /** Whether the caller runs on this actor's thread. */
    public boolean onActorThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        try {
            while (!stopping) {
                Task task;
                try {
                    task = queue.take();
                } catch (InterruptedException e) {
                    continue;  // stop() interrupts; the loop condition decides
                }
                if (stopping) {
                    pending.decrementAndGet();
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    if (!stopping) {
                        onFailure.failed(t);
                    }
                } finally {
                    pending.decrementAndGet();
                }
            }
        } finally {
            Thread.interrupted();  // clear a stop() interrupt before cleaning up
            try {
                onExit.run();
            } catch (RuntimeException e) {
                log.warn("{}: cleanup failed", thread.getName(), e);
            }
            synchronized (queue) {
                stopping = true;
                while (queue.poll() != null) {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /** Asks the actor to stop after the current task; interrupts that task unless called from it. */
    public void stop() {
        synchronized (queue) {
            if (stopping) {
                return;
            }
            stopping = true;
            pending.incrementAndGet();
            queue.add(() -> { });
        }
        if (!onActorThread()) {
            thread.interrupt();
        }
    }

    /** Waits for the actor thread to end (not from the actor thread itself); false on timeout. */
    public boolean join(Duration timeout) {
        if (onActorThread() || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
            return true;
        }
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
